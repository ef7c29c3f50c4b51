import { describe, expect, it } from "vitest";
import { failureHeadline } from "../../src/report/failure-headline.ts";

describe("failureHeadline", () => {
  it("is the first line when it says everything", () => {
    expect(failureHeadline("lbIpAssigned: no IP after 60s (last: none)\nat wait.ts:1")).toBe(
      "lbIpAssigned: no IP after 60s (last: none)",
    );
  });

  it("joins the listed problems behind a first line ending in a colon, without their fixes", () => {
    const message = [
      "preflight: this machine cannot stand up the cluster (2 problems):",
      "  1. kind was not found (looked in: PATH (kind))",
      "     fix: run `scripts/install-tools.sh`",
      "  2. the cilium CLI was not found",
      "     fix: run `scripts/install-tools.sh`",
    ].join("\n");
    expect(failureHeadline(message)).toBe(
      "preflight: this machine cannot stand up the cluster (2 problems): kind was not found (looked in: PATH (kind)); the cilium CLI was not found",
    );
  });

  it("gives a listed problem that ends in a colon the line of its output that tells why", () => {
    // As a rehearsal wrote it before the preflight quoted one line: the item ended at the colon.
    const message = [
      "preflight: this machine cannot stand up the cluster (1 problem):",
      "  1. could not read the version of the cilium CLI (output: `cilium version --client` exited 1 after 445 ms:",
      "node:internal/modules/cjs/loader:1568",
      "  throw err;",
      "  ^",
      "",
      "Error: Cannot find module '/x/cilium-cli/main.ts')",
      "     fix: run `scripts/install-tools.sh` to install cilium v0.19.7",
    ].join("\n");
    expect(failureHeadline(message)).toBe(
      "preflight: this machine cannot stand up the cluster (1 problem): could not read the version of the cilium CLI (output: `cilium version --client` exited 1 after 445 ms: Error: Cannot find module '/x/cilium-cli/main.ts')",
    );
  });

  it("gives a command that failed the telling line of its output", () => {
    expect(
      failureHeadline(
        "`kind create cluster` exited 1 after 900 ms:\n\nCreating cluster ...\nERROR: failed to create cluster: boom",
      ),
    ).toBe("`kind create cluster` exited 1 after 900 ms: ERROR: failed to create cluster: boom");
  });
});
