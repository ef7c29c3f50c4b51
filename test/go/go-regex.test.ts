import { describe, expect, it } from "vitest";
import { checkGoRegex, goMatches } from "../../src/go/go-regex.ts";

describe("checkGoRegex / goMatches (Go's regexp.MatchString)", () => {
  it("matches anywhere in the text unless anchored", () => {
    const loose = checkGoRegex("eth0");
    const anchored = checkGoRegex("^eth0$");
    if (!loose.ok || !anchored.ok) throw new Error("valid RE2 patterns were refused");
    expect(goMatches(loose.regex, "veth0a1b")).toBe(true);
    expect(goMatches(anchored.regex, "veth0a1b")).toBe(false);
    expect(goMatches(anchored.regex, "eth0")).toBe(true);
  });

  it("refuses JavaScript-only constructs and names them", () => {
    expect(checkGoRegex("^(?!eno)")).toMatchObject({
      ok: false,
      javascriptOnly: "negative lookahead `(?!…)`",
    });
    expect(checkGoRegex("(a)\\1")).toMatchObject({ ok: false, javascriptOnly: "backreference `\\1`" });
    expect(checkGoRegex("eth[0")).toMatchObject({ ok: false, javascriptOnly: undefined });
  });
});
