// The one line a failed static-check case leads with (Allure's message, JUnit's message attribute,
// summary.md's table, the console's summary): what is wrong and how to fix it. A finding's message
// says what is wrong, why it matters and how to fix it, in that order (src/checks/finding.ts,
// docs/checks.md). A message short enough is shown whole; a longer one keeps its first sentence and
// its fix (from "Fix:" on, else its last sentence), each without its parenthetical asides when
// those make the line too long, with "…" where the why was left out. The whole message stays in
// the case's failure text.

import { oneLine } from "../text/one-line.ts";

/** A message up to this long is shown whole. */
export const HEADLINE_MAX = 320;
/** What is wrong, at the most, so the fix always has room. */
const WHAT_MAX = 200;

/** "e.g. `x`" and "i.e. y" end in a full stop but no sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|cf|vs|etc)\.$/i;
/** A sentence ends at . ! or ? (with any closing quote or bracket), before a capital, quote or backtick. */
const SENTENCE_END = /[.!?][)"'`\]]*( +)(?=[A-Z`"'“])/g;

export function findingHeadline(message: string): string {
  const text = oneLine(message);
  if (text.length <= HEADLINE_MAX) return text;
  const parts = sentences(text);
  const fixAt = parts.findIndex((sentence, index) => index > 0 && sentence.startsWith("Fix:"));
  const fixFrom = fixAt > 0 ? fixAt : parts.length - 1;
  if (fixFrom < 1) return oneLine(text, HEADLINE_MAX);
  let what = parts[0] as string;
  let fix = parts.slice(fixFrom).join(" ");
  if (what.length + 3 + fix.length > HEADLINE_MAX) what = withoutAsides(what);
  const shownWhat = oneLine(what, WHAT_MAX);
  // "…" where the why was left out, unless the cut of what is wrong already shows one.
  const joiner = fixFrom > 1 && !shownWhat.endsWith("…") ? " … " : " ";
  if (shownWhat.length + joiner.length + fix.length > HEADLINE_MAX) fix = withoutAsides(fix);
  return `${shownWhat}${joiner}${oneLine(fix, HEADLINE_MAX - shownWhat.length - joiner.length)}`;
}

/** The sentences of a one-line text, each with its closing punctuation. */
export function sentences(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length - (match[1] as string).length;
    const sentence = text.slice(start, end);
    if (ABBREVIATION.test(sentence)) continue;
    found.push(sentence);
    start = match.index + match[0].length;
  }
  if (start < text.length) found.push(text.slice(start));
  return found;
}

/**
 * A sentence without its parenthetical asides (" (LAN taken as …, since …)" says how a fact was
 * reached, not what is wrong); the sentence as it is when its brackets do not pair up.
 */
function withoutAsides(sentence: string): string {
  let depth = 0;
  let kept = "";
  for (const char of sentence) {
    if (char === "(") depth += 1;
    else if (char === ")") {
      if (depth === 0) return sentence;
      depth -= 1;
    } else if (depth === 0) kept += char;
  }
  if (depth !== 0) return sentence;
  return oneLine(kept.replace(/\s+(?=[,.;:!?])/g, ""));
}
