import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ciliumStatusWarnings } from "../../src/tools/cilium-status-output.ts";

// Shaped like cilium-cli v0.19.7's status summary (status/status.go Format: a tabwriter with
// padding 4, the "Warnings:" header on the first warning line only).
const withWarnings = readFileSync(
  new URL("fixtures/cilium-status-with-warnings.txt", import.meta.url),
  "utf8",
);
const clean = readFileSync(
  new URL(
    "../../../shared/cilium-samples/cilium-status/docs-cli-status__cilium-status-wait.txt",
    import.meta.url,
  ),
  "utf8",
);

describe("ciliumStatusWarnings", () => {
  it("reads every warning line with its component and pod, and stops at the next section", () => {
    expect(ciliumStatusWarnings(withWarnings)).toEqual([
      { component: "cilium", pod: "cilium-4xkqz", message: "2 endpoints are not ready" },
      { component: "cilium", pod: "cilium-4xkqz", message: "Health: 1/3 nodes unreachable" },
      { component: "cilium", pod: "cilium-9ffmt", message: "2 endpoints are not ready" },
      { component: "hubble-ui", pod: "hubble-ui-6b4f9", message: "pod is pending" },
    ]);
  });

  it("finds none in a clean status (a real one from Cilium's docs)", () => {
    expect(ciliumStatusWarnings(clean)).toEqual([]);
    expect(ciliumStatusWarnings("")).toEqual([]);
  });
});
