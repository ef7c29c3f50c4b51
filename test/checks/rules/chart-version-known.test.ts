import { describe, expect, it } from "vitest";
import { chartVersionKnown } from "../../../src/checks/rules/chart-version-known.ts";
import { findingsOf } from "../model-builder.ts";

describe("chart-version-known", () => {
  it("is silent for the newest known patch", () => {
    expect(findingsOf(chartVersionKnown, { version: "1.18.11" })).toEqual([]);
  });

  it("errors on a minor outside the compat table, at the version line", () => {
    const [finding] = findingsOf(chartVersionKnown, { version: "1.12.4" });
    expect(finding).toMatchObject({ id: "chart-version-known", severity: "error", line: 10 });
    expect(finding!.message).toContain("1.12.4 is not in the compatibility table");
    expect(finding!.message).toContain("1.18");
  });

  it("errors on text that is no version", () => {
    expect(findingsOf(chartVersionKnown, { version: "latest" })[0]!.message).toContain(
      '"latest" is not a Cilium chart version',
    );
  });

  it("suggests the newest patch of the same minor as info", () => {
    const [finding] = findingsOf(chartVersionKnown, { version: "1.18.3" });
    expect(finding).toMatchObject({ id: "chart-version-newer-patch", severity: "info" });
    expect(finding!.message).toContain("`version: 1.18.11`");
  });
});
