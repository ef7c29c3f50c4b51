// A small part of Go's regexp syntax that means the same in JavaScript, so patterns inside it
// (interface names such as `^eno[0-9]+$`, test names) are checked and matched with a RegExp,
// without loading re2js (a fifth of `check`'s start-up). Outside it, go-regex.ts asks re2js.
//
// Inside: literal letters, digits and `_ - : @ / , = % ' " ! ~ # & ; < >` and space; `.`; `^` `$`;
// groups `(…)` `(?:…)` nested at most 50 deep; `|`; `* + ?` with an optional lazy `?`; `{n}`
// `{n,}` `{n,m}` with n ≤ m on a single character or class, their bounds adding up to at most
// 1000 (Go refuses counts over 1000 and programs too large; this stays far below both); classes `[…]`/`[^…]` of those literals, `.`, ASCII ranges and `\d` `\w`; escapes of
// the syntax characters `\ . * + ? ( ) [ ] { } | ^ $ /` and `\d \D \w \W`.
//
// Why the two agree there (Go regexp/syntax, Perl flags; ECMAScript with the `u` flag): `^`/`$`
// match only at the start/end of the text in both without multi-line mode; `\d` and `\w` are ASCII
// in both; `.` matches any character but `\n` in Go, so it becomes `[^\n]` (JavaScript's `.` also
// refuses `\r`, U+2028, U+2029); `u` makes `.` and `[^…]` take a whole code point as Go takes a
// rune; a negated class matches `\n` in both; Go leftmost-first and JavaScript backtracking find
// a match exactly when one exists, and MatchString/test ask only that. Everything else — `\s`
// (Go has no \v in it), `\b`, flags, named groups, POSIX classes, Unicode classes, a repeat count
// Go refuses, any error — is left to re2js, whose messages the checks quote.

const LITERAL = /[A-Za-z0-9_\-:@/,=%'"!~#&;<> ]/;
const CLASS_LITERAL = /[A-Za-z0-9_.:@/]/;
const SYNTAX_ESCAPES = new Set(["\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "^", "$", "/"]);
const CLASS_ESCAPES = new Set(["d", "D", "w", "W"]);
const MAX_REPEAT_TOTAL = 1000;
const MAX_DEPTH = 50;

class OutsideSubset extends Error {}

/** The JavaScript source (for `new RegExp(source, "u")`) of a pattern inside the subset, else undefined. */
export function javascriptEquivalent(pattern: string): string | undefined {
  try {
    const parser = new SubsetParser(pattern);
    const source = parser.alternation();
    if (!parser.done()) return undefined;
    return source;
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class SubsetParser {
  readonly #text: string;
  #at = 0;
  #depth = 0;
  #repeatTotal = 0;

  constructor(text: string) {
    this.#text = text;
  }

  done(): boolean {
    return this.#at === this.#text.length;
  }

  alternation(): string {
    const branches = [this.#sequence()];
    while (this.#peek() === "|") {
      this.#at += 1;
      branches.push(this.#sequence());
    }
    return branches.join("|");
  }

  #sequence(): string {
    let source = "";
    for (;;) {
      const char = this.#peek();
      if (char === undefined || char === "|" || char === ")") return source;
      const atom = this.#atom();
      source += atom.source + (atom.repeatable ? this.#quantifier(atom.single) : "");
    }
  }

  #atom(): { source: string; repeatable: boolean; single: boolean } {
    const char = this.#next();
    if (char === "^" || char === "$") return { source: char, repeatable: false, single: false };
    if (char === ".") return { source: "[^\\n]", repeatable: true, single: true };
    if (char === "(") {
      this.#depth += 1;
      if (this.#depth > MAX_DEPTH) throw new OutsideSubset();
      let open = "(";
      if (this.#peek() === "?") {
        if (this.#text.slice(this.#at, this.#at + 2) !== "?:") throw new OutsideSubset();
        this.#at += 2;
        open = "(?:";
      }
      const inner = this.alternation();
      if (this.#next() !== ")") throw new OutsideSubset();
      this.#depth -= 1;
      return { source: `${open}${inner})`, repeatable: true, single: false };
    }
    if (char === "[") return { source: this.#characterClass(), repeatable: true, single: true };
    if (char === "\\") return { source: this.#escape(), repeatable: true, single: true };
    if (char !== undefined && LITERAL.test(char)) return { source: char, repeatable: true, single: true };
    throw new OutsideSubset();
  }

  #quantifier(single: boolean): string {
    const char = this.#peek();
    let source = "";
    if (char === "*" || char === "+" || char === "?") {
      this.#at += 1;
      source = char;
    } else if (char === "{") {
      const match = /^\{(\d{1,4})(,(\d{1,4})?)?\}/.exec(this.#text.slice(this.#at));
      if (!match || !single) throw new OutsideSubset();
      const min = Number(match[1]);
      const max = match[3] === undefined ? undefined : Number(match[3]);
      if (max !== undefined && max < min) throw new OutsideSubset();
      this.#repeatTotal += max ?? min;
      if (this.#repeatTotal > MAX_REPEAT_TOTAL) throw new OutsideSubset();
      this.#at += match[0].length;
      source = match[0];
    } else {
      return "";
    }
    if (this.#peek() === "?") {
      this.#at += 1;
      source += "?";
    }
    // `a**`, `a+{2}`: Go refuses a repeated repetition; leave the message to re2js.
    if (["*", "+", "?", "{"].includes(this.#peek() ?? "")) throw new OutsideSubset();
    return source;
  }

  #characterClass(): string {
    let source = "[";
    if (this.#peek() === "^") {
      this.#at += 1;
      source += "^";
    }
    let members = 0;
    for (;;) {
      const char = this.#next();
      if (char === undefined) throw new OutsideSubset();
      if (char === "]" && members > 0) return `${source}]`;
      if (char === "\\") {
        const escaped = this.#next();
        if (escaped === undefined || !CLASS_ESCAPES.has(escaped)) throw new OutsideSubset();
        source += `\\${escaped}`;
      } else if (CLASS_LITERAL.test(char)) {
        if (this.#peek() === "-" && this.#text[this.#at + 1] !== "]") {
          const high = this.#text[this.#at + 1];
          if (high === undefined || !sameAsciiRun(char, high) || high < char) throw new OutsideSubset();
          this.#at += 2;
          source += `${char}-${high}`;
        } else {
          source += char;
        }
      } else {
        throw new OutsideSubset();
      }
      members += 1;
    }
  }

  #escape(): string {
    const escaped = this.#next();
    if (escaped === undefined) throw new OutsideSubset();
    if (CLASS_ESCAPES.has(escaped) || SYNTAX_ESCAPES.has(escaped)) return `\\${escaped}`;
    throw new OutsideSubset();
  }

  #peek(): string | undefined {
    return this.#text[this.#at];
  }

  #next(): string | undefined {
    const char = this.#text[this.#at];
    if (char !== undefined) this.#at += 1;
    return char;
  }
}

/** Both ends digits, both lower-case or both upper-case letters: a range Go and JavaScript read alike. */
function sameAsciiRun(low: string, high: string): boolean {
  const run = (c: string) =>
    /[0-9]/.test(c) ? "digit" : /[a-z]/.test(c) ? "lower" : /[A-Z]/.test(c) ? "upper" : c;
  return run(low) === run(high) && ["digit", "lower", "upper"].includes(run(low));
}
