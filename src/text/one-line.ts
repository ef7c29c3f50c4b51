// Text squeezed onto one short line for a message, a table cell or a report headline: every run of
// white space (newlines, tabs, indentation) becomes one space, and a line longer than its budget is
// cut where a word ends (no comma or dash left hanging), with "…" to show that something was left
// out.

/** How far back from the budget a cut may move to land between two words. */
const WORD_SLACK = 16;

/**
 * `text` on one line of at most `max` characters ("…" included). The cut falls after the last
 * whole word when one ends within the last few characters of the budget, else at the budget; it
 * never splits a UTF-16 surrogate pair.
 */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  if (max < 1) return "";
  let end = max - 1;
  const space = line.lastIndexOf(" ", end);
  if (space > 0 && space >= end - WORD_SLACK) end = space;
  else if (isHighSurrogate(line.charCodeAt(end - 1))) end -= 1;
  // A comma, colon or dash left hanging before the "…" reads as if more of the sentence followed it.
  return `${line.slice(0, end).replace(/[\s,;:—–-]+$/, "")}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
