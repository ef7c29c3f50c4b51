// A small XML reader for JUnit-shaped documents. It exists because cilium-cli (v0.18.5+) can
// write the same attribute twice on one element (`failureMessage="…" failureMessage="…"`, Go's
// encoding/xml emits a []string attribute once per value), which strict parsers reject. In the
// default tolerant mode repeated attributes are kept in order; `strict: true` rejects them, which
// is how our own JUnit writer's output is validated.
//
// Supported: elements, attributes ('' or ""), text, the five named entities and numeric
// character references, CDATA, comments, processing instructions and a DOCTYPE without an
// internal subset. Not supported (not found in JUnit): namespaces as such, DTD entities.

export interface XmlAttribute {
  name: string;
  value: string;
}

export interface XmlElement {
  name: string;
  /** In document order; a name may repeat in tolerant mode. */
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element (not its children's). */
  text: string;
  /** 1-based line of the start tag, for messages. */
  line: number;
}

export interface XmlReadOptions {
  /** Reject repeated attributes, as a conforming XML parser must. */
  strict?: boolean;
}

/** The document is not XML we can read; carries the 1-based line and column. */
export class XmlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = "XmlSyntaxError";
    this.line = line;
    this.column = column;
  }
}

/** Parses a document and returns its root element. */
export function readXml(text: string, options: XmlReadOptions = {}): XmlElement {
  return new XmlCursor(text, options.strict === true).document();
}

/** The first value of an attribute, or undefined. */
export function attributeOf(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((attribute) => attribute.name === name)?.value;
}

/** Every value of an attribute, in document order (several only for the Go duplicate quirk). */
export function attributesOf(element: XmlElement, name: string): string[] {
  return element.attributes
    .filter((attribute) => attribute.name === name)
    .map((attribute) => attribute.value);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const NAME_PATTERN = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

class XmlCursor {
  readonly #text: string;
  readonly #strict: boolean;
  #pos = 0;
  #countedTo = 0;
  #lines = 1;

  constructor(text: string, strict: boolean) {
    // A UTF-8 byte order mark is not content.
    this.#text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.#strict = strict;
  }

  document(): XmlElement {
    this.#skipMisc();
    if (this.#text[this.#pos] !== "<") this.#fail("expected the root element");
    const root = this.#element();
    this.#skipMisc();
    if (this.#pos < this.#text.length) this.#fail("unexpected content after the root element");
    return root;
  }

  /** Skips whitespace, comments, processing instructions and a DOCTYPE outside the root. */
  #skipMisc(): void {
    for (;;) {
      while (this.#pos < this.#text.length && /\s/.test(this.#text[this.#pos] ?? "")) this.#pos += 1;
      if (this.#startsWith("<?")) this.#skipPast("?>", "processing instruction");
      else if (this.#startsWith("<!--")) this.#skipPast("-->", "comment");
      else if (this.#startsWith("<!DOCTYPE")) this.#skipPast(">", "DOCTYPE");
      else return;
    }
  }

  #element(): XmlElement {
    const line = this.#lineAt(this.#pos);
    this.#pos += 1; // "<"
    const name = this.#name("element name");
    const element: XmlElement = { name, attributes: [], children: [], text: "", line };
    for (;;) {
      const hadSpace = this.#skipSpace();
      if (this.#startsWith("/>")) {
        this.#pos += 2;
        return element;
      }
      if (this.#text[this.#pos] === ">") {
        this.#pos += 1;
        break;
      }
      if (this.#pos >= this.#text.length) this.#fail(`unterminated start tag <${name}>`);
      if (!hadSpace) this.#fail(`expected whitespace before an attribute in <${name}>`);
      this.#attribute(element);
    }
    this.#content(element);
    return element;
  }

  #attribute(element: XmlElement): void {
    const name = this.#name("attribute name");
    this.#skipSpace();
    if (this.#text[this.#pos] !== "=") this.#fail(`expected "=" after attribute ${name}`);
    this.#pos += 1;
    this.#skipSpace();
    const quote = this.#text[this.#pos];
    if (quote !== '"' && quote !== "'") this.#fail(`expected a quoted value for attribute ${name}`);
    const end = this.#text.indexOf(quote, this.#pos + 1);
    if (end < 0) this.#fail(`unterminated value of attribute ${name}`);
    const raw = this.#text.slice(this.#pos + 1, end);
    if (raw.includes("<")) this.#fail(`"<" in the value of attribute ${name}`);
    if (this.#strict && element.attributes.some((attribute) => attribute.name === name)) {
      this.#fail(`duplicate attribute ${name} on <${element.name}>`);
    }
    // Attribute-value normalisation: literal whitespace becomes a space; &#10; stays a newline.
    element.attributes.push({ name, value: this.#decode(raw.replace(/[\t\n\r]/g, " ")) });
    this.#pos = end + 1;
  }

  #content(element: XmlElement): void {
    for (;;) {
      const next = this.#text.indexOf("<", this.#pos);
      if (next < 0) this.#fail(`<${element.name}> (line ${element.line}) is never closed`);
      element.text += this.#decode(this.#text.slice(this.#pos, next));
      this.#pos = next;
      if (this.#startsWith("</")) {
        this.#pos += 2;
        const name = this.#name("closing tag name");
        if (name !== element.name) {
          this.#fail(`</${name}> closes <${element.name}> opened at line ${element.line}`);
        }
        this.#skipSpace();
        if (this.#text[this.#pos] !== ">") this.#fail(`expected ">" to end </${name}>`);
        this.#pos += 1;
        return;
      }
      if (this.#startsWith("<![CDATA[")) {
        const end = this.#text.indexOf("]]>", this.#pos);
        if (end < 0) this.#fail("unterminated CDATA section");
        element.text += this.#text.slice(this.#pos + 9, end);
        this.#pos = end + 3;
      } else if (this.#startsWith("<!--")) {
        this.#skipPast("-->", "comment");
      } else if (this.#startsWith("<?")) {
        this.#skipPast("?>", "processing instruction");
      } else {
        element.children.push(this.#element());
      }
    }
  }

  #decode(raw: string): string {
    if (!raw.includes("&")) return raw;
    return raw.replace(/&([^;&\s]{1,10});/g, (whole, entity: string) => {
      const named = NAMED_ENTITIES[entity];
      if (named !== undefined) return named;
      const code = entity.startsWith("#x")
        ? Number.parseInt(entity.slice(2), 16)
        : entity.startsWith("#")
          ? Number.parseInt(entity.slice(1), 10)
          : Number.NaN;
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      if (this.#strict) this.#fail(`unknown entity ${whole}`);
      return whole; // tolerant: keep what we cannot decode
    });
  }

  #name(what: string): string {
    NAME_PATTERN.lastIndex = this.#pos;
    const match = NAME_PATTERN.exec(this.#text);
    if (!match) this.#fail(`expected ${what}`);
    this.#pos += match[0].length;
    return match[0];
  }

  #skipSpace(): boolean {
    const start = this.#pos;
    while (this.#pos < this.#text.length && /\s/.test(this.#text[this.#pos] ?? "")) this.#pos += 1;
    return this.#pos > start;
  }

  #skipPast(terminator: string, what: string): void {
    const end = this.#text.indexOf(terminator, this.#pos);
    if (end < 0) this.#fail(`unterminated ${what}`);
    this.#pos = end + terminator.length;
  }

  #startsWith(prefix: string): boolean {
    return this.#text.startsWith(prefix, this.#pos);
  }

  /** Line numbers are counted incrementally: offsets only grow while reading. */
  #lineAt(offset: number): number {
    for (; this.#countedTo < offset; this.#countedTo += 1) {
      if (this.#text.charCodeAt(this.#countedTo) === 10) this.#lines += 1;
    }
    return this.#lines;
  }

  #fail(message: string): never {
    const before = this.#text.slice(0, this.#pos);
    const line = before.split("\n").length;
    const column = this.#pos - before.lastIndexOf("\n");
    throw new XmlSyntaxError(message, line, column);
  }
}
