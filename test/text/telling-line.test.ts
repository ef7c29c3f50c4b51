import { describe, expect, it } from "vitest";
import { outputExcerpt, tellingLine } from "../../src/text/telling-line.ts";

describe("tellingLine", () => {
  it("skips a crash's header, carets and stack frames for the line that names the failure", () => {
    expect(
      tellingLine([
        "node:internal/modules/cjs/loader:1568",
        "  throw err;",
        "  ^",
        "",
        "Error: Cannot find module '/x/main.ts'",
        "    at Module._resolveFilename (node:internal/modules/cjs/loader:1565:15)",
      ]),
    ).toBe("Error: Cannot find module '/x/main.ts'");
  });

  it("falls back to the first line with words, and to nothing for empty output", () => {
    expect(tellingLine(["", "  ---", 'Creating cluster "cc" ...', "done"])).toBe('Creating cluster "cc" ...');
    expect(tellingLine(["", "  ^"])).toBeUndefined();
  });
});

describe("outputExcerpt", () => {
  it("keeps the command line and adds the telling line of what followed, cut to the limit", () => {
    const output =
      "`kind version` exited 2 after 12 ms:\npanic: runtime error: invalid memory address\ngoroutine 1 [running]:";
    expect(outputExcerpt(output)).toBe(
      "`kind version` exited 2 after 12 ms: panic: runtime error: invalid memory address",
    );
    expect(outputExcerpt("garbage")).toBe("garbage");
    expect(outputExcerpt("x".repeat(300), 20)).toBe(`${"x".repeat(19)}…`);
  });
});
