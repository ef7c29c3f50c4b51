// A fast reader for the plain block-style YAML nearly every Kubernetes manifest is written in:
// maps of simple keys, sequences (`key:` then `- item`, compact `- key: value` maps), single-line
// plain and quoted scalars, `|`/`|-` literal blocks, `{}` and `[]`, comments and `---` between
// documents. The `yaml` package composes a full syntax tree with source ranges for every node,
// which is most of `check`'s time on a large repo (README, Benchmarks); this reads the same text
// line by line into the same values and the same lines.
//
// It is only ever sure or silent: anything outside that subset — flow collections, anchors,
// aliases, tags, quoted or non-string keys, multi-line plain or quoted scalars, folded blocks,
// escapes, tabs, CRs, directives, duplicate keys, odd indentation — returns undefined and the
// caller parses the file with the `yaml` package, which also gives every error its message.
// Plain scalars are resolved by the very tags the full parser uses (YAML 1.1, yaml-parse-options.ts),
// tried in the same order (yaml dist/compose/compose-scalar.js findScalarTagByTest).
// test/repo/yaml-block-subset.test.ts holds it to the full parser, file by file and under mutation.
import { Document, isScalar, type ScalarTag } from "yaml";
import type { YamlPath } from "./infra-model.ts";
import { PARSE_OPTIONS } from "./yaml-parse-options.ts";
import type { PlainScalar, YamlSyntax } from "./yaml-syntax.ts";

/** One document as parseYamlDocuments returns it (yaml-documents.ts YamlDocument). */
export interface SubsetDocument {
  file: string;
  value: unknown;
  line: number;
  lineOf(path: YamlPath): number;
  literalBlockFirstLine(path: YamlPath): number | undefined;
  syntax(): YamlSyntax;
}

/** Where a node starts (its key's line for a map entry), its children's, and a literal block's first line. */
interface Position {
  line: number;
  children?: Map<string, Position> | Position[];
  literalFirstLine?: number;
}

interface Parsed {
  value: unknown;
  children?: Map<string, Position> | Position[];
  literalFirstLine?: number;
  /** Index of the first line not consumed. */
  next: number;
}

/** Thrown (never escapes) when the text leaves the subset. */
const UNSURE = Symbol("outside the block subset");
// Characters the subset leaves to the full parser: tabs, CR, other control characters, BOM, NEL
// and the Unicode line separators (YAML 1.1 line breaks), backslashes (escapes).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for
const UNSUPPORTED = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\ufeff\u2028\u2029\\]/;
const DOCUMENT_MARKER = /^--- *$/;
// A simple key at a given column: letters, digits and `_./-`, then `:` and a space or the line end.
const KEY = /([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +|$)/y;
const AFTER_QUOTE = /^(?: +#.*| *)$/;
const EMPTY_COLLECTION = /^(\{\}|\[\])(?: +#.*| *)$/;
const LITERAL_HEADER = /^\|(-?) *$/;
// First characters a plain scalar may not start with here (indicators; `-`, `?` and `:` before a
// space or the end, and always for `?` and `:`, to be safe).
const INDICATOR_START = /^(?:[?:,[\]{}#&*!|>'"%@`]|-(?: |$))/;

let resolver: { tags: ScalarTag[]; options: Document["options"] } | undefined;
const resolved = new Map<string, unknown>();

/** The YAML 1.1 tags a plain scalar is tried against, in the full parser's order. */
export function plainScalarTags(): readonly ScalarTag[] {
  return resolverOf().tags;
}

function resolverOf(): { tags: ScalarTag[]; options: Document["options"] } {
  if (!resolver) {
    const { schema, options } = new Document(null, PARSE_OPTIONS);
    const tags = schema.tags.filter(
      (tag): tag is ScalarTag =>
        !("collection" in tag && tag.collection) && tag.default === true && !!tag.test,
    );
    resolver = { tags, options };
  }
  return resolver;
}

// Every text a YAML 1.1 tag other than the string one may match starts like this (the tags' tests
// in yaml dist/schema/yaml-1.1/: null, bool, int, float, sexagesimal; an exponent float needs no
// digit before its `e`). Any other text is a string without asking the tags; the test holds this
// to the tags' own patterns.
export const MAYBE_NOT_STRING =
  /^(?:$|[-+.0-9eE~]|(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)$)/;

/** A plain scalar's value, exactly as the full parser resolves it. */
export function resolvePlain(text: string): unknown {
  if (!MAYBE_NOT_STRING.test(text)) return text;
  const cached = resolved.get(text);
  if (cached !== undefined || resolved.has(text)) return cached;
  const { tags, options } = resolverOf();
  let value: unknown = text;
  for (const tag of tags) {
    if (!tag.test?.test(text)) continue;
    let failed = false;
    const result = tag.resolve(
      text,
      () => {
        failed = true;
      },
      options,
    );
    if (failed) throw UNSURE;
    value = isScalar(result) ? result.value : result;
    break;
  }
  if (resolved.size < 50_000) resolved.set(text, value);
  return value;
}

/** Spaces at the start of `line`, counted from `from`. */
function spacesFrom(line: string, from: number): number {
  let column = from;
  while (line.charCodeAt(column) === 32) column++;
  return column - from;
}

class BlockReader {
  private readonly lines: readonly string[];
  /** Each line's indentation (spaces), counted once. */
  private readonly indents: Int32Array;
  private readonly end: number;
  /** The plain scalars read so far that may not be strings (yaml-syntax.ts), for syntax(). */
  private readonly plains: PlainScalar[] = [];

  constructor(lines: readonly string[], indents: Int32Array, end: number) {
    this.lines = lines;
    this.indents = indents;
    this.end = end;
  }

  /** The first line at or after `index` that holds content (not blank, not a comment). */
  significant(index: number): number {
    for (let at = index; at < this.end; at++) {
      const line = this.lines[at]!;
      const column = this.indents[at]!;
      if (column < line.length && line[column] !== "#") return at;
    }
    return this.end;
  }

  document(start: number, file: string): SubsetDocument | undefined {
    const first = this.significant(start);
    if (first >= this.end) return undefined;
    const line = this.lines[first]!;
    if (this.indents[first] !== 0 || this.isItem(line, 0)) throw UNSURE;
    const root = this.map(first, 0);
    if (root.next < this.end && this.significant(root.next) < this.end) throw UNSURE;
    const rootPosition: Position = { line: first + 1, ...(root.children ? { children: root.children } : {}) };
    const syntax: YamlSyntax = { plains: this.plains };
    return {
      file,
      value: root.value,
      line: first + 1,
      lineOf: (path) => walk(rootPosition, path).line,
      literalBlockFirstLine(path) {
        const walked = walk(rootPosition, path);
        return walked.complete ? walked.position.literalFirstLine : undefined;
      },
      syntax: () => syntax,
    };
  }

  /** The next content line of a block at `column`; undefined where the block ends (a line left of it). */
  private nextInBlock(index: number, column: number): number | undefined {
    const at = this.significant(index);
    if (at >= this.end) return undefined;
    const indent = this.indents[at]!;
    if (indent < column) return undefined;
    if (indent > column) throw UNSURE;
    return at;
  }

  private isItem(line: string, column: number): boolean {
    return line[column] === "-" && (line.length === column + 1 || line[column + 1] === " ");
  }

  /** A block map whose first key is at `column` of line `index` (a compact map's may follow `- `). */
  private map(index: number, column: number): Parsed {
    const value: Record<string, unknown> = {};
    const children = new Map<string, Position>();
    const next = this.entries(index, column, (at, line) => {
      KEY.lastIndex = column;
      const match = KEY.exec(line);
      if (!match) throw UNSURE;
      const key = match[1]!;
      if (key.length > 1000 || key === "__proto__" || children.has(key) || resolvePlain(key) !== key) {
        throw UNSURE;
      }
      if (MAYBE_NOT_STRING.test(key)) this.plains.push({ text: key, key: true, line: at + 1 });
      const entry = this.value(at, line.slice(column + match[0].length), column, false);
      value[key] = entry.value;
      children.set(key, position(at, entry));
      return entry.next;
    });
    return { value, children, next };
  }

  /** A block sequence whose dashes are at `column`. */
  private sequence(index: number, column: number): Parsed {
    const value: unknown[] = [];
    const children: Position[] = [];
    const next = this.entries(index, column, (at, line, first) => {
      if (!this.isItem(line, column)) {
        if (first) throw UNSURE;
        return undefined;
      }
      const content = column + 1 + spacesFrom(line, column + 1);
      if (content >= line.length) throw UNSURE;
      const rest = line.slice(content);
      if (this.isItem(rest, 0)) throw UNSURE;
      KEY.lastIndex = content;
      const item = KEY.test(line) ? this.map(at, content) : this.value(at, rest, column, true);
      value.push(item.value);
      children.push(position(at, item));
      return item.next;
    });
    return { value, children, next };
  }

  /**
   * Reads the entries of a block at `column` from line `index`: `entry` reads the one on line `at`
   * and says where its content ends, or undefined when that line does not belong to the block.
   * Returns the line after the block.
   */
  private entries(
    index: number,
    column: number,
    entry: (at: number, line: string, first: boolean) => number | undefined,
  ): number {
    let at = index;
    for (let first = true; ; first = false) {
      if (!first) {
        const next = this.nextInBlock(at, column);
        if (next === undefined) return at;
        at = next;
      }
      const end = entry(at, this.lines[at]!, first);
      if (end === undefined) return at;
      at = end;
    }
  }

  /** What follows `key:` or `- ` on line `index`; `parent` is the map's or the sequence's column. */
  private value(index: number, rest: string, parent: number, item: boolean): Parsed {
    if (rest === "" || rest[0] === "#") {
      if (item) throw UNSURE;
      const below = this.significant(index + 1);
      if (below < this.end) {
        const line = this.lines[below]!;
        const indent = this.indents[below]!;
        if (indent > parent)
          return this.isItem(line, indent) ? this.sequence(below, indent) : this.map(below, indent);
        if (indent === parent && this.isItem(line, indent)) return this.sequence(below, indent);
      }
      return { value: null, next: index + 1 };
    }
    const literal = LITERAL_HEADER.exec(rest);
    if (literal) return this.literalBlock(index, parent, literal[1] === "-");
    let parsed: Parsed;
    const empty = EMPTY_COLLECTION.exec(rest);
    if (empty) {
      parsed =
        empty[1] === "{}"
          ? { value: {}, children: new Map(), next: index + 1 }
          : { value: [], children: [], next: index + 1 };
    } else if (rest[0] === '"') {
      const close = rest.indexOf('"', 1);
      if (close < 0 || !AFTER_QUOTE.test(rest.slice(close + 1))) throw UNSURE;
      parsed = { value: rest.slice(1, close), next: index + 1 };
    } else if (rest[0] === "'") {
      parsed = { value: singleQuoted(rest), next: index + 1 };
    } else {
      if (INDICATOR_START.test(rest)) throw UNSURE;
      const comment = rest.indexOf(" #");
      const text = (comment < 0 ? rest : rest.slice(0, comment)).trimEnd();
      if (text.includes(": ") || text.endsWith(":") || text.includes(" #")) throw UNSURE;
      if (MAYBE_NOT_STRING.test(text)) this.plains.push({ text, key: false, line: index + 1 });
      parsed = { value: resolvePlain(text), next: index + 1 };
    }
    // A more indented line after a scalar would continue it (or be an error): the full parser decides.
    const below = this.significant(index + 1);
    if (below < this.end && this.indents[below]! > parent) throw UNSURE;
    return parsed;
  }

  /** `|` or `|-` on line `index`: the lines below indented past `parent`, clipped or stripped. */
  private literalBlock(index: number, parent: number, strip: boolean): Parsed {
    const content: string[] = [];
    let indent = -1;
    let leadingBlank = 0;
    let lastText = -1;
    let at = index + 1;
    for (; at < this.end; at++) {
      const line = this.lines[at]!;
      const column = this.indents[at]!;
      if (column === line.length) {
        if (indent === -1) leadingBlank = Math.max(leadingBlank, column);
        else if (column > indent) throw UNSURE;
        content.push("");
        continue;
      }
      if (indent === -1) {
        if (column <= parent) break;
        if (leadingBlank > column) throw UNSURE;
        indent = column;
      } else if (column < indent) break;
      content.push(line.slice(indent));
      lastText = content.length - 1;
    }
    if (indent === -1) throw UNSURE;
    const below = this.significant(at);
    if (below < this.end && this.indents[below]! > parent) throw UNSURE;
    const text = content.slice(0, lastText + 1).join("\n");
    return { value: strip ? text : `${text}\n`, literalFirstLine: index + 2, next: at };
  }
}

function emptyDocument(file: string, line: number): SubsetDocument {
  return {
    file,
    value: null,
    line,
    lineOf: () => line,
    literalBlockFirstLine: () => undefined,
    syntax: () => ({ plains: [] }),
  };
}

function singleQuoted(rest: string): string {
  let from = 1;
  for (;;) {
    const quote = rest.indexOf("'", from);
    if (quote < 0) throw UNSURE;
    if (rest[quote + 1] === "'") {
      from = quote + 2;
      continue;
    }
    if (!AFTER_QUOTE.test(rest.slice(quote + 1))) throw UNSURE;
    return rest.slice(1, quote).replaceAll("''", "'");
  }
}

function position(index: number, parsed: Parsed): Position {
  const result: Position = { line: index + 1 };
  if (parsed.children) result.children = parsed.children;
  if (parsed.literalFirstLine !== undefined) result.literalFirstLine = parsed.literalFirstLine;
  return result;
}

/** The deepest position along `path` (yaml-documents.ts walks the full parser's nodes the same way). */
function walk(root: Position, path: YamlPath): { line: number; position: Position; complete: boolean } {
  let at = root;
  for (const segment of path) {
    const children = at.children;
    let child: Position | undefined;
    if (children instanceof Map) child = children.get(String(segment));
    else if (children && /^\d+$/.test(String(segment))) child = children[Number(segment)];
    if (!child) return { line: at.line, position: at, complete: false };
    at = child;
  }
  return { line: at.line, position: at, complete: true };
}

/**
 * Every document of `text` when all of it lies in the block subset; undefined when any part does
 * not (the caller then parses it in full).
 */
export function parseBlockSubset(text: string, file: string): SubsetDocument[] | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  const lines = text.split("\n");
  const indents = new Int32Array(lines.length);
  for (let index = 0; index < lines.length; index++) indents[index] = spacesFrom(lines[index]!, 0);
  const documents: SubsetDocument[] = [];
  try {
    let start = 0;
    for (let index = 0; index <= lines.length; index++) {
      if (index < lines.length && !DOCUMENT_MARKER.test(lines[index]!)) continue;
      const document = new BlockReader(lines, indents, index).document(start, file);
      if (document) documents.push(document);
      // After an explicit `---`, even an empty document is one: a null at the marker's line.
      else if (start > 0) documents.push(emptyDocument(file, start));
      start = index + 1;
    }
  } catch (error) {
    if (error === UNSURE) return undefined;
    throw error;
  }
  return documents;
}
