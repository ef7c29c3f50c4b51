// Go regular expressions (RE2 syntax), as Cilium compiles L2 policy `interfaces` and cilium-cli
// its test filters; matched with MatchString: an unanchored search, so `eth0` also matches
// `veth0a1b`. re2js implements the same syntax.
import { RE2JS } from "re2js";

export type GoRegexCheck =
  | { ok: true; regex: RE2JS }
  | { ok: false; reason: string; javascriptOnly: string | undefined };

const JAVASCRIPT_ONLY: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /\(\?=/, name: "lookahead `(?=…)`" },
  { pattern: /\(\?!/, name: "negative lookahead `(?!…)`" },
  { pattern: /\(\?<=/, name: "lookbehind `(?<=…)`" },
  { pattern: /\(\?<!/, name: "negative lookbehind `(?<!…)`" },
  { pattern: /\\[1-9]/, name: "backreference `\\1`" },
  { pattern: /\\k</, name: "named backreference `\\k<…>`" },
];

export function checkGoRegex(pattern: string): GoRegexCheck {
  try {
    return { ok: true, regex: RE2JS.compile(pattern) };
  } catch (error) {
    const javascriptOnly = JAVASCRIPT_ONLY.find((construct) => construct.pattern.test(pattern))?.name;
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason, javascriptOnly };
  }
}

/** Go's `regexp.MatchString`: true when the pattern matches anywhere in the text. */
export function goMatches(regex: RE2JS, text: string): boolean {
  return regex.matcher(text).find();
}
