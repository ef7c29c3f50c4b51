// Go's text/tabwriter (left-aligned, space padding, no flags), which `cilium-dbg status` prints
// through (cilium-dbg/cmd/status.go: tabwriter.NewWriter(os.Stdout, 2, 0, 3, ' ', 0)) and
// cilium-cli's status summary (NewWriter(&buf, 0, 0, 4, ' ', 0)): cells end
// at '\t'; a line's last cell is not part of a column; a column block is a run of consecutive
// lines that have a cell in that column, as wide as its widest cell plus padding (at least
// minwidth); a line without any tab flushes, so alignment restarts after it.

export interface TabwriterOptions {
  /** Go's minwidth (default 0). */
  minwidth?: number;
  /** Go's padding (default 4, cilium-cli's). */
  padding?: number;
}

const width = (text: string) => [...text].length;

export function tabwrite(text: string, options: TabwriterOptions = {}): string {
  const settings = { minwidth: options.minwidth ?? 0, padding: options.padding ?? 4 };
  const trailingNewline = text.endsWith("\n");
  const lines = (trailingNewline ? text.slice(0, -1) : text).split("\n").map((line) => line.split("\t"));
  const out: string[] = [];
  let segment: string[][] = [];
  const flush = () => {
    out.push(...formatSegment(segment, settings));
    segment = [];
  };
  for (const cells of lines) {
    segment.push(cells);
    if (cells.length === 1) flush();
  }
  flush();
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

function formatSegment(lines: string[][], options: { minwidth: number; padding: number }): string[] {
  const rendered = lines.map(() => "");
  const widths: number[] = [];
  const write = (from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const cells = lines[i]!;
      let text = "";
      cells.forEach((cell, j) => {
        text += cell;
        if (j < widths.length && j < cells.length - 1)
          text += " ".repeat(Math.max(0, widths[j]! - width(cell)));
      });
      rendered[i] = text;
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let current = line0; current < line1; current += 1) {
      if (column >= lines[current]!.length - 1) continue;
      write(start, current);
      start = current;
      let columnWidth = options.minwidth;
      for (; current < line1; current += 1) {
        const cells = lines[current]!;
        if (column >= cells.length - 1) break;
        columnWidth = Math.max(columnWidth, width(cells[column]!) + options.padding);
      }
      widths.push(columnWidth);
      format(start, current);
      widths.pop();
      start = current;
      current -= 1;
    }
    write(start, line1);
  };
  format(0, lines.length);
  return rendered;
}
