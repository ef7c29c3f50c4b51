// The subset must mean exactly what Go means: every pattern inside it is valid for re2js (Go's
// syntax) and matches the same texts, and everything doubtful is left to re2js.
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { checkGoRegex } from "../../src/go/go-regex.ts";
import { javascriptEquivalent } from "../../src/go/go-regex-subset.ts";

const INSIDE = [
  "",
  "eth0",
  "^eth0$",
  "^eno[0-9]+$",
  "^enp[0-9]+s[0-9]+$",
  "^(eno|enp)[0-9]+",
  "^(?:eth|ens)[0-9]*$",
  "eth.",
  "^.$",
  "^.+$",
  "a|",
  "()",
  "(a)*b",
  "^[^0-9]+$",
  "^[a-zA-Z_.]+$",
  "^[\\d]+$",
  "\\d{2,3}",
  "x{0}",
  "^eth[0-9]{1,3}$",
  "a+?b*?c??",
  "\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\/\\\\",
  "\\w+-\\W",
  "^br-[0-9a-f]+$",
  "lxc.*",
  "k8s:app=web, tier!=db",
  "^[/]$",
];

const OUTSIDE = [
  "\\s+",
  "\\bword\\b",
  "(?i)eth",
  "(?P<name>eth)",
  "[[:alpha:]]",
  "\\pL",
  "a{1001}",
  "(ab){2}",
  "a{3,2}",
  "a**",
  "a+*",
  "*a",
  "[]a]",
  "[^]a]",
  "[a-]",
  "[z-a]",
  "[0-z]",
  "a{",
  "a{,3}",
  "]",
  "}",
  "\\-",
  "\\1",
  "(?=x)",
  "eth[0",
  "(",
  ")",
  "\\",
];

const TEXTS = [
  "",
  "eth0",
  "veth0a1b",
  "eno1",
  "enp3s0",
  "ENO1",
  "a",
  "aa",
  "ab",
  "abab",
  "b",
  "x",
  "\n",
  "\r",
  "a\nb",
  "\u2028",
  "😀",
  "é",
  "12",
  "123",
  "1234",
  "br-0a1b2c",
  "lxc12345",
  "k8s:app=web, tier!=db",
  "/",
  ".*+?()[]{}|^$/\\",
  "w-!",
  "_.Z",
];

describe("javascriptEquivalent", () => {
  for (const pattern of INSIDE) {
    it(`${JSON.stringify(pattern)}: inside; valid in Go and matching what Go matches`, () => {
      const source = javascriptEquivalent(pattern);
      expect(source, "inside the subset").toBeDefined();
      const go = RE2JS.compile(pattern);
      const js = new RegExp(source!, "u");
      for (const text of TEXTS) {
        expect(js.test(text), `${JSON.stringify(pattern)} on ${JSON.stringify(text)}`).toBe(
          go.matcher(text).find(),
        );
      }
    });
  }

  it("leaves everything else to re2js", () => {
    for (const pattern of OUTSIDE) expect(javascriptEquivalent(pattern), pattern).toBeUndefined();
  });

  it("counted repetitions add up to at most 1000 in a pattern", () => {
    expect(javascriptEquivalent("a{600}b{400}")).toBeDefined();
    expect(javascriptEquivalent("a{600}b{401}")).toBeUndefined();
  });
});

describe("checkGoRegex outside the subset", () => {
  it("asks re2js: valid Go-only syntax works, errors carry re2js's reason", () => {
    const spaces = checkGoRegex("^eth\\s*0$");
    if (!spaces.ok) throw new Error(spaces.reason);
    expect(spaces.regex.matches("eth 0")).toBe(true);
    expect(spaces.regex.matches("eth\u000b0")).toBe(false); // Go's \s has no vertical tab; JavaScript's has
    const bad = checkGoRegex("a{1001}");
    expect(bad).toMatchObject({ ok: false });
    expect(bad.ok ? "" : bad.reason).toMatch(/repeat/);
  });
});
