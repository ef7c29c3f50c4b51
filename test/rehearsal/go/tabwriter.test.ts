import { describe, expect, it } from "vitest";
import { tabwrite } from "../../../rehearsal/go/tabwriter.ts";

describe("tabwrite (Go text/tabwriter, padding 4)", () => {
  it("pads each column to its block's widest cell plus the padding, in runes", () => {
    expect(tabwrite("a\tbb\tc\nccc\td\te\n")).toBe("a      bb    c\nccc    d     e\n");
    expect(tabwrite("¯¯\tx\nab\ty\n")).toBe("¯¯    x\nab    y\n");
  });

  it("starts new widths after a line without a tab (a flush) and per column block", () => {
    expect(tabwrite("long-cell\tx\nheader\nb\ty\n")).toBe("long-cell    x\nheader\nb    y\n");
    // Column 1 exists only in the first two lines: the third line ends the block.
    expect(tabwrite("a\tlong-cell\tx\nb\tc\ty\nc\tz\n")).toBe(
      "a    long-cell    x\nb    c            y\nc    z\n",
    );
  });
});
