// Multi-document YAML with a line for every path, so that findings can point at `file:line`.
// Parsed as YAML 1.1 because Helm and kubectl read YAML with Go's yaml.v2, where `yes`, `on` and
// `off` are booleans: a value the cluster sees as `true` must be `true` here too.
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  Scalar,
  type YAMLError,
} from "yaml";
import { RepoError } from "../errors.ts";
import type { Manifest, YamlPath } from "./infra-model.ts";

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
}

const PARSE_OPTIONS = { version: "1.1", prettyErrors: true, uniqueKeys: true } as const;

/** Parses every document of a YAML file; a syntax error is a RepoError naming file and line. */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
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
  return {
    file,
    value: document.toJS({ maxAliasCount: 1000 }),
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

function yamlSyntaxError(error: YAMLError, file: string, lineCounter: LineCounter): RepoError {
  const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
  const firstLine = (error.message.split("\n")[0] ?? error.message).replace(
    / at line \d+, column \d+:?$/,
    "",
  );
  return new RepoError("CC_REPO_YAML_INVALID", `${file}:${line}: YAML cannot be parsed: ${firstLine}`, {
    file,
    line,
    hint: YAML_HINTS[error.code] ?? "fix the YAML at that line (indentation, quoting, a missing `:`)",
  });
}

const YAML_HINTS: Partial<Record<YAMLError["code"], string>> = {
  DUPLICATE_KEY: "remove one of the two entries with the same key; Helm and kubectl would keep only one",
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs for indentation",
  BAD_INDENT: "align the line with its siblings (YAML indentation is significant)",
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; check for a missing `:` or an unclosed quote above",
  MISSING_CHAR: "close the quote, bracket or brace that is left open",
  BLOCK_AS_IMPLICIT_KEY: "check the indentation and the `:` of the entry above",
};
