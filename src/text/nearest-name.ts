// "Did you mean …?": the known name closest to a mistyped one (a command, an option, a config key),
// when it is close enough to be what was meant — by edit distance with adjacent swaps, case
// folded, or as a prefix of the known name (`--verb` for `--verbose`).

import { editDistance } from "./edit-distance.ts";

export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  if (word === "") return undefined;
  const limit = word.length <= 3 ? 1 : word.length <= 7 ? 2 : 3;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const candidate = name.toLowerCase();
    const distance = candidate.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** ` Did you mean "x"?` or nothing: a clause for the end of a message. */
export function didYouMean(
  typed: string,
  known: readonly string[],
  show = (name: string) => `"${name}"`,
): string {
  const near = nearestName(typed, known);
  return near === undefined ? "" : ` Did you mean ${show(near)}?`;
}
