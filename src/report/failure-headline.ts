// One line that says why something failed, causes included. Many errors introduce a list on
// their first line ("preflight: this machine cannot stand up the cluster (3 problems):" followed by
// "  1. kind was not found …  fix: …"); cutting at the first line would leave only the colon. The
// headline joins the list items (without their fixes; an item that ends in a colon with the line of
// the output after it that tells why) so every one-line view — a JUnit message, a
// summary table cell, an annotation, the console — still names the causes.

import { tellingLine } from "../text/telling-line.ts";

const LIST_ITEM = /^\s*(?:\d+[.)]|[-•*])\s+(.*)$/;

export function failureHeadline(text: string | undefined): string {
  const lines = (text ?? "").trim().split("\n");
  const first = (lines[0] ?? "").trim();
  if (!first.endsWith(":")) return first;
  const items = listItems(lines.slice(1));
  if (items.length > 0) return `${first} ${items.join("; ")}`;
  // "`kind create` exited 1 after 900 ms:" + stderr: the line of what followed that tells why.
  const next = tellingLine(lines.slice(1));
  return next ? `${first} ${next}` : first.slice(0, -1);
}

/**
 * A list item that ends in a colon introduces a tool's output ("… exited 1 after 445 ms:" and the
 * lines after it, up to the next item): the item with the telling line of that output.
 */
function listItems(lines: readonly string[]): string[] {
  const items: string[] = [];
  let current: { text: string; output: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const why = current.text.endsWith(":") ? tellingLine(current.output) : undefined;
    items.push(why ? `${current.text} ${why}` : current.text);
  };
  for (const line of lines) {
    const item = LIST_ITEM.exec(line)?.[1]?.trim();
    if (item !== undefined && item !== "") {
      close();
      current = { text: item, output: [] };
    } else if (current && !/^\s*fix:/.test(line)) {
      current.output.push(line);
    }
  }
  close();
  return items;
}
