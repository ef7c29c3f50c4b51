// Go regular expressions (RE2 syntax), as Cilium compiles L2 policy `interfaces` and cilium-cli
// its test filters; matched with MatchString: an unanchored search, so `eth0` also matches
// `veth0a1b`. Patterns inside the subset where Go and JavaScript agree (go-regex-subset.ts) are
// checked and matched with a RegExp; every other pattern by re2js, which implements Go's syntax and
// is loaded only then (it is a fifth of `check`'s start-up otherwise).
import { createRequire } from "node:module";
import type * as Re2js from "re2js";
import { packagePath } from "../package-root.ts";
import { javascriptEquivalent } from "./go-regex-subset.ts";

/** A compiled Go regexp. */
export interface GoRegex {
  readonly pattern: string;
  /** Go's `regexp.MatchString`: true when the pattern matches anywhere in the text. */
  matches(text: string): boolean;
}

export type GoRegexCheck =
  | { ok: true; regex: GoRegex }
  | { ok: false; reason: string; javascriptOnly: string | undefined };

const JAVASCRIPT_ONLY: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /\(\?=/, name: "lookahead `(?=…)`" },
  { pattern: /\(\?!/, name: "negative lookahead `(?!…)`" },
  { pattern: /\(\?<=/, name: "lookbehind `(?<=…)`" },
  { pattern: /\(\?<!/, name: "negative lookbehind `(?<!…)`" },
  { pattern: /\\[1-9]/, name: "backreference `\\1`" },
  { pattern: /\\k</, name: "named backreference `\\k<…>`" },
];

let re2js: typeof Re2js | undefined;

/** re2js, required on first need from wherever npm put it beside this package. */
function loadRe2js(): typeof Re2js {
  re2js ??= createRequire(packagePath("package.json"))("re2js") as typeof Re2js;
  return re2js;
}

export function checkGoRegex(pattern: string): GoRegexCheck {
  const source = javascriptEquivalent(pattern);
  if (source !== undefined) {
    const regex = new RegExp(source, "u");
    return { ok: true, regex: { pattern, matches: (text) => regex.test(text) } };
  }
  try {
    const compiled = loadRe2js().RE2JS.compile(pattern);
    return { ok: true, regex: { pattern, matches: (text) => compiled.matcher(text).find() } };
  } catch (error) {
    const javascriptOnly = JAVASCRIPT_ONLY.find((construct) => construct.pattern.test(pattern))?.name;
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason, javascriptOnly };
  }
}

/** Go's `regexp.MatchString`: true when the pattern matches anywhere in the text. */
export function goMatches(regex: GoRegex, text: string): boolean {
  return regex.matches(text);
}
