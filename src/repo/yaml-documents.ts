// Multi-document YAML with a line for every path, so that findings can point at `file:line`.
// Parsed as YAML 1.1 (yaml-parse-options.ts); text in the plain block style most manifests use is
// read by the fast subset reader (yaml-block-subset.ts), everything else by the `yaml` package.
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  Scalar,
  visit,
  type YAMLError,
} from "yaml";
import { RepoError } from "../errors.ts";
import type { Manifest, YamlPath } from "./infra-model.ts";
import { excerptText } from "./quote-excerpt.ts";
import { MAYBE_NOT_STRING, parseBlockSubset } from "./yaml-block-subset.ts";
import { PARSE_OPTIONS } from "./yaml-parse-options.ts";
import { syntaxOfDocument, type YamlSyntax } from "./yaml-syntax.ts";

/** One YAML document of a file, with its plain value and a way back to lines. */
export interface YamlDocument {
  file: string;
  value: unknown;
  /** Line where the document's content starts (after `---` and leading comments). */
  line: number;
  /** 1-based line of a path (its key's line for a map entry); the nearest existing ancestor otherwise. */
  lineOf(path: YamlPath): number;
  /**
   * For a string scalar at `path`: the file line of the string's first line when it is a literal
   * block (`key: |`), so lines inside an embedded YAML string map to file lines. Undefined otherwise.
   */
  literalBlockFirstLine(path: YamlPath): number | undefined;
  /** How the document was written where readers may differ (yaml-syntax.ts); absent when not parsed from text. */
  syntax?(): YamlSyntax;
}

/** Aliases one document may expand to, counted the `yaml` package's way (its default is 100). */
export const MAX_ALIAS_COUNT = 1000;

/**
 * Parses every document of a YAML (or JSON) file. A syntax error, and a document that parses but
 * cannot be turned into data (an alias to no anchor, a merge key on a scalar, an alias bomb, an
 * alias inside its own anchor), is CC_REPO_YAML_INVALID naming file, line and fix.
 */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  return parseBlockSubset(text, file) ?? parseYamlDocumentsFully(text, file);
}

/** parseYamlDocuments with the `yaml` package only (every node composed with its source range). */
export function parseYamlDocumentsFully(text: string, file: string): YamlDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  const result: YamlDocument[] = [];
  for (const document of documents) {
    const [error] = document.errors;
    if (error) throw yamlSyntaxError(error, file, lineCounter);
    if (document.contents === null) continue;
    result.push(locatedDocument(document, file, lineCounter));
  }
  return result;
}

/** The Kubernetes objects of a YAML file: documents with a string `apiVersion` and `kind`. */
export function parseManifests(text: string, file: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const document of parseYamlDocuments(text, file)) {
    const manifest = manifestOf(document);
    if (manifest) manifests.push(manifest);
  }
  return manifests;
}

export function manifestOf(document: YamlDocument): Manifest | undefined {
  const body = document.value;
  if (!isRecord(body)) return undefined;
  const { apiVersion, kind } = body;
  if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
    return undefined;
  }
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  return {
    apiVersion,
    kind,
    name: typeof metadata.name === "string" ? metadata.name : "",
    namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
    body,
    location: { file: document.file, line: document.line },
    lineOf: document.lineOf,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function locatedDocument(document: Document, file: string, lineCounter: LineCounter): YamlDocument {
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const root = document.contents as Node;
  const rootLine = lineAt(root.range?.[0] ?? 0);
  let syntax: YamlSyntax | undefined;
  return {
    file,
    value: constructValue(document, file, lineCounter),
    line: rootLine,
    lineOf(path) {
      const walked = walk(root, path);
      return walked.offset === undefined ? rootLine : lineAt(walked.offset);
    },
    literalBlockFirstLine(path) {
      const walked = walk(root, path);
      const node = walked.complete ? walked.node : undefined;
      if (!isScalar(node) || node.type !== Scalar.BLOCK_LITERAL || !node.range) return undefined;
      // The node starts at the `|` indicator; its content begins on the next line.
      return lineAt(node.range[0]) + 1;
    },
    syntax() {
      syntax ??= syntaxOfDocument(document, lineCounter, MAYBE_NOT_STRING);
      return syntax;
    },
  };
}

interface Walked {
  node: unknown;
  /** Offset of the deepest path element found (a map key, or a sequence item). */
  offset: number | undefined;
  complete: boolean;
}

function walk(root: Node, path: YamlPath): Walked {
  let node: unknown = root;
  let offset = root.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyOf(item.key) === String(segment));
      if (!pair) return { node, offset, complete: false };
      const key = pair.key as Node | null;
      offset = key?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) return { node, offset, complete: false };
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return { node, offset, complete: false };
    }
  }
  return { node, offset, complete: true };
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** document.toJS, with every way construction can fail turned into a RepoError at a line. */
function constructValue(document: Document, file: string, lineCounter: LineCounter): unknown {
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw constructionError(document, error, file, lineCounter);
  }
  const cycle = plainData(value, []);
  if (cycle) {
    const line = lineCounter.linePos(firstAliasOffset(document) ?? 0).line;
    throw new RepoError(
      "CC_REPO_YAML_INVALID",
      `${file}:${line}: YAML cannot be turned into data: an alias refers to the node that contains it (a loop)`,
      {
        file,
        line,
        hint: "replace the alias with a copy of the values it should repeat; an alias may not point at its own ancestor",
      },
    );
  }
  return value;
}

/**
 * Turns what `yaml` builds into JSON-like data in place: a `!!binary` value becomes its text (as
 * yaml.v2 decodes it into a string). Returns true when the value contains itself (an alias inside
 * its own anchor), which no later walk over the data could survive.
 */
function plainData(value: unknown, ancestors: unknown[]): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (ancestors.includes(value)) return true;
  ancestors.push(value);
  try {
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [key, child] of entries) {
      if (child instanceof Uint8Array) {
        (value as Record<string | number, unknown>)[key] = Buffer.from(child).toString("utf8");
      } else if (plainData(child, ancestors)) {
        return true;
      }
    }
    return false;
  } finally {
    ancestors.pop();
  }
}

function firstAliasOffset(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function constructionError(
  document: Document,
  error: unknown,
  file: string,
  lineCounter: LineCounter,
): RepoError {
  const message = error instanceof Error ? error.message : String(error);
  let offset: number | undefined;
  let what: string;
  let hint: string;
  if (/Unresolved alias/.test(message)) {
    const anchors = new Set<string>();
    visit(document, {
      Node(_key, node) {
        if (isAlias(node)) {
          if (!anchors.has(node.source)) {
            offset = node.range?.[0];
            what = `the alias *${excerptText(node.source, 40)} names no anchor defined before it`;
            return visit.BREAK;
          }
        } else if (node.anchor) {
          anchors.add(node.anchor);
        }
        return undefined;
      },
    });
    what ??= "an alias names no anchor defined before it";
    hint =
      "define the anchor (`&name`) before the alias (`*name`) in the same document, or fix the alias's name";
  } else if (/Merge sources/.test(message)) {
    visit(document, {
      Pair(_key, pair) {
        if (isScalar(pair.key) && pair.key.source === "<<") {
          const source = isAlias(pair.value) ? pair.value.resolve(document) : pair.value;
          const ok =
            isMap(source) ||
            (isSeq(source) &&
              source.items.every((item) => isMap(isAlias(item) ? item.resolve(document) : item)));
          if (!ok) {
            offset = (pair.key as Node).range?.[0];
            return visit.BREAK;
          }
        }
        return undefined;
      },
    });
    what = "a merge key `<<` merges something that is not a map";
    hint = "merge only maps (`<<: *anchor-of-a-map`); for a single value write the key itself";
  } else if (/resource exhaustion|alias count/i.test(message)) {
    offset = firstAliasOffset(document);
    what = `its aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb)`;
    hint = "write the values out instead of nesting aliases of aliases";
  } else {
    what = message.split("\n")[0] ?? message;
    hint = "fix the YAML at that line";
  }
  const line = lineCounter.linePos(offset ?? document.contents?.range?.[0] ?? 0).line;
  return new RepoError("CC_REPO_YAML_INVALID", `${file}:${line}: YAML cannot be turned into data: ${what}`, {
    file,
    line,
    hint,
    cause: error,
  });
}

function yamlSyntaxError(error: YAMLError, file: string, lineCounter: LineCounter): RepoError {
  const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
  const firstLine = (error.message.split("\n")[0] ?? error.message).replace(
    / at line \d+, column \d+:?$/,
    "",
  );
  return new RepoError(
    "CC_REPO_YAML_INVALID",
    `${file}:${line}: YAML cannot be parsed: ${excerptText(firstLine, 160)}`,
    {
      file,
      line,
      hint: YAML_HINTS[error.code] ?? "fix the YAML at that line (indentation, quoting, a missing `:`)",
    },
  );
}

const YAML_HINTS: Partial<Record<YAMLError["code"], string>> = {
  DUPLICATE_KEY: "remove one of the two entries with the same key; Helm and kubectl would keep only one",
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs for indentation",
  BAD_INDENT: "align the line with its siblings (YAML indentation is significant)",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; check for a missing `:` or an unclosed quote above",
  MISSING_CHAR: "close the quote, bracket or brace that is left open",
  BLOCK_AS_IMPLICIT_KEY: "check the indentation and the `:` of the entry above",
};
