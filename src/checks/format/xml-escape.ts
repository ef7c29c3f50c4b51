// XML 1.0 text and attribute escaping. Characters XML 1.0 cannot carry at all (most C0 control
// characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, since a JUnit file that does not
// parse loses every result in it.
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(text: string): string {
  let out = "";
  // for..of walks code points, so a valid surrogate pair arrives as one character.
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const entity = ENTITIES[char];
    if (entity) out += entity;
    else if (isXmlChar(code)) out += char;
    else out += "\ufffd";
  }
  return out;
}

function isXmlChar(code: number): boolean {
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0xfffe && code !== 0xffff;
}
