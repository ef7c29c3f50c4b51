// How a YAML document was written, where that can change what another reader makes of it: the
// plain (unquoted) scalars that are not plainly strings, and the first tag, anchor or alias. The
// repo is read as YAML 1.1 (yaml-parse-options.ts), kustomize reads it with go-yaml v3; a plain
// `yes` or `0o17` means something else to each (src/repo/flux/kustomize-scalars.ts judges that).
// Both readers record it: the block subset as it reads (yaml-block-subset.ts), the full parser by
// walking its syntax tree when asked (here).
import { type Document, isAlias, isScalar, type LineCounter, Scalar, visit } from "yaml";

export interface PlainScalar {
  /** The scalar as written. */
  text: string;
  /** A map key (else a value or a sequence item). */
  key: boolean;
  line: number;
}

export interface YamlSyntax {
  /**
   * Every plain scalar whose text some YAML reader might take for something else than a string
   * (it matches yaml-block-subset.ts MAYBE_NOT_STRING), in document order. Empty values are left out.
   */
  plains: readonly PlainScalar[];
  /** The first explicit tag, anchor or alias, if any. */
  special?: { what: "tag" | "anchor" | "alias"; line: number };
}

/** The full parser's view, collected by walking the document's nodes. */
export function syntaxOfDocument(
  document: Document,
  lineCounter: LineCounter,
  maybeNotString: RegExp,
): YamlSyntax {
  const plains: PlainScalar[] = [];
  let special: YamlSyntax["special"];
  const lineAt = (offset: number | undefined) => lineCounter.linePos(offset ?? 0).line;
  const mark = (what: "tag" | "anchor" | "alias", offset: number | undefined) => {
    special ??= { what, line: lineAt(offset) };
  };
  visit(document, {
    Node(key, node) {
      const start = node.range?.[0];
      if (isAlias(node)) mark("alias", start);
      else if (node.anchor) mark("anchor", start);
      if (!isScalar(node)) {
        if (!isAlias(node) && (node as { tag?: string }).tag) mark("tag", start);
        return;
      }
      if (node.tag) mark("tag", start);
      const text = node.source;
      if (node.type !== Scalar.PLAIN || typeof text !== "string" || text === "") return;
      if (maybeNotString.test(text)) plains.push({ text, key: key === "key", line: lineAt(start) });
    },
  });
  return special ? { plains, special } : { plains };
}
