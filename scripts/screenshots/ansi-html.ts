// A captured console (ANSI SGR colours, as src/checks/format/terminal-style.ts writes them) as HTML
// for a screenshot: text escaped, each run of styled text a <span> with the terminal's colours.
// Only the codes the harness emits are styled (bold, dim, red, green, yellow, cyan, grey and their
// resets); other escape sequences are dropped, never shown as text.

const COLOURS: Record<number, string> = {
  31: "#f14c4c",
  32: "#23d18b",
  33: "#f5f543",
  36: "#29b8db",
  90: "#8a8a8a",
};

interface Style {
  colour?: string | undefined;
  bold: boolean;
  dim: boolean;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function applyCodes(style: Style, codes: readonly number[]): Style {
  let next = { ...style };
  for (const code of codes.length === 0 ? [0] : codes) {
    if (code === 0) next = { bold: false, dim: false };
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 22) next = { ...next, bold: false, dim: false };
    else if (code === 39) next.colour = undefined;
    else if (COLOURS[code] !== undefined) next.colour = COLOURS[code];
  }
  return next;
}

function css(style: Style): string {
  return [
    style.colour ? `color:${style.colour}` : "",
    style.bold ? "font-weight:bold" : "",
    style.dim ? "opacity:.65" : "",
  ]
    .filter(Boolean)
    .join(";");
}

export function ansiToHtml(text: string): string {
  let style: Style = { bold: false, dim: false };
  let html = "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are the input
  const pattern = /\u001b\[([0-9;]*)([A-Za-z])/g;
  let at = 0;
  const emit = (chunk: string) => {
    if (chunk === "") return;
    const rule = css(style);
    html += rule ? `<span style="${rule}">${escapeHtml(chunk)}</span>` : escapeHtml(chunk);
  };
  for (const match of text.matchAll(pattern)) {
    emit(text.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[2] !== "m") continue;
    const codes = (match[1] ?? "")
      .split(";")
      .filter((part) => part !== "")
      .map(Number);
    style = applyCodes(style, codes);
  }
  emit(text.slice(at));
  return html;
}
