// One line that says why something failed, causes included. Many errors introduce a list on
// their first line ("preflight: this machine cannot stand up the cluster (3 problems):" followed by
// "  1. kind was not found …  fix: …"); cutting at the first line would leave only the colon. The
// headline joins the list items (without their fixes) so every one-line view — a JUnit message, a
// summary table cell, an annotation, the console — still names the causes.

const LIST_ITEM = /^\s*(?:\d+[.)]|[-•*])\s+(.*)$/;

export function failureHeadline(text: string | undefined): string {
  const lines = (text ?? "").trim().split("\n");
  const first = (lines[0] ?? "").trim();
  if (!first.endsWith(":")) return first;
  const items = lines
    .slice(1)
    .map((line) => LIST_ITEM.exec(line)?.[1]?.trim())
    .filter((item): item is string => item !== undefined && item !== "");
  if (items.length > 0) return `${first} ${items.join("; ")}`;
  // "`kind create` exited 1 after 900 ms:" + stderr: the first non-empty line of what followed.
  const next = lines
    .slice(1)
    .map((line) => line.trim())
    .find((line) => line !== "");
  return next ? `${first} ${next}` : first.slice(0, -1);
}
