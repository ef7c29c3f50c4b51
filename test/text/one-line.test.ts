import { describe, expect, it } from "vitest";
import { oneLine } from "../../src/text/one-line.ts";

describe("oneLine", () => {
  it("folds every run of white space into one space and trims the ends", () => {
    expect(oneLine("  wget: can't connect\n\t to remote host:\r\n Connection refused \n")).toBe(
      "wget: can't connect to remote host: Connection refused",
    );
  });

  it("leaves a line within its budget whole, and has no budget unless given one", () => {
    expect(oneLine("exactly ten", 11)).toBe("exactly ten");
    expect(oneLine("x".repeat(5000))).toHaveLength(5000);
  });

  it("cuts a longer line to the budget, ellipsis included", () => {
    const cut = oneLine("x".repeat(500), 200);
    expect(cut).toBe(`${"x".repeat(199)}…`);
    expect(cut).toHaveLength(200);
  });

  it("cuts after the last whole word when one ends near the budget", () => {
    expect(oneLine("the agent never becomes ready on node worker-2", 30)).toBe(
      "the agent never becomes ready…",
    );
    expect(oneLine("which cannot resolve cluster names — and CoreDNS is itself behind a ClusterIP", 38)).toBe(
      "which cannot resolve cluster names…",
    );
    // No word ends within reach of the budget: the cut falls at the budget itself.
    expect(oneLine(`a ${"y".repeat(40)}`, 30)).toBe(`a ${"y".repeat(27)}…`);
  });

  it("never splits a surrogate pair, so the cut line is still valid text", () => {
    const cut = oneLine(`${"x".repeat(8)}${"🛰".repeat(4)}`, 10);
    expect(cut).toBe(`${"x".repeat(8)}…`);
    expect(cut.isWellFormed()).toBe(true);
  });

  it("gives nothing for a budget of zero", () => {
    expect(oneLine("anything", 0)).toBe("");
  });
});
