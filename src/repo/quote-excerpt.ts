// How a message quotes text that came from a repo file: short, on one line, and with anything
// that looks like a credential blanked out. A repo under review may be hostile (a values file
// linked to /proc/self/environ) and a check's output lands in CI logs anyone can read, so no
// message may carry more than this of a file's text.

/** Longest quoted excerpt, in characters, before it is cut. */
export const EXCERPT_MAX_CHARS = 60;

const REDACTED = "«redacted»";
// `NAME=value` / `name: value` where the name says it holds a secret.
const SECRET_ASSIGNMENT =
  /\b([A-Za-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|auth|credential|private[_-]?key|session)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&\p{Cc}]+)/giu;
// Long runs of token alphabet with letters and digits mixed: API keys, JWTs, base64 blobs.
const TOKEN_LIKE = /[A-Za-z0-9+/_=.-]{32,}/g;

/**
 * A value as a message shows it: JSON-quoted for strings, cut to EXCERPT_MAX_CHARS with the
 * number of characters left out, control characters escaped, credentials redacted.
 */
export function quoteExcerpt(value: unknown, maxChars = EXCERPT_MAX_CHARS): string {
  if (typeof value === "string") return JSON.stringify(excerptText(value, maxChars));
  if (value === undefined) return "undefined";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return excerptText(text, maxChars);
}

/** The text itself (unquoted), redacted and cut the same way. */
export function excerptText(text: string, maxChars = EXCERPT_MAX_CHARS): string {
  // Redact on a bounded prefix: enough to cover what is shown, never the whole of a huge value.
  const head = redact(text.slice(0, maxChars * 4));
  const oneLine = head.replace(/\p{Cc}/gu, (c) =>
    c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (oneLine.length <= maxChars && text.length <= maxChars * 4) return oneLine;
  const shown = oneLine.slice(0, maxChars);
  return `${shown}… (${text.length} characters in all)`;
}

/**
 * A name from the repo (a kind, an object name) as a message shows it: on one line and cut, but
 * not redacted — names are not secrets, and a kind like CiliumL2AnnouncementPolicy must read as one.
 */
export function identifierText(text: string, maxChars = 120): string {
  const oneLine = text.replace(/\p{Cc}/gu, "?");
  return oneLine.length <= maxChars
    ? oneLine
    : `${oneLine.slice(0, maxChars)}… (${text.length} characters in all)`;
}

function redact(text: string): string {
  return text
    .replace(SECRET_ASSIGNMENT, (_all, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(TOKEN_LIKE, (run) => (/[A-Za-z]/.test(run) && /\d/.test(run) ? REDACTED : run));
}
