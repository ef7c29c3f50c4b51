// Escaping for XML 1.0 text and attribute values. Characters XML 1.0 cannot carry at all
// (most C0 controls, lone surrogates, U+FFFE/U+FFFF — they turn up in captured command output)
// become U+FFFD, so a report can always be parsed.

/** Replaces every code point outside XML 1.0's Char production (lone surrogates included). */
function replaceForbidden(value: string): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    const allowed =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    out += allowed ? ch : "\uFFFD";
  }
  return out;
}

export function escapeXmlText(value: string): string {
  return replaceForbidden(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values keep newlines and tabs as character references (literal ones are normalised away). */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
