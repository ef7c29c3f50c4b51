// Markdown for GitHub's viewers (job summary, summary.md): tables whose cells stay on one line and
// text that renders no HTML.

export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(headers), `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** A table cell: one line, no pipe that would split the column. */
export function escapeCell(value: string): string {
  return escapeInline(value)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

/** Inline text: no HTML the viewer would render. */
export function escapeInline(value: string): string {
  return value.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
