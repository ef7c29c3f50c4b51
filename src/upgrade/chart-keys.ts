// The keys a chart knows, as a tree: every key of its values.yaml (maps and leaves) plus the keys
// it documents only in comments. Keys are kept as path segments because Helm keys may contain
// dots (`kubernetes.io/os`).

import { isRecord } from "../repo/yaml-documents.ts";
import { commentedKeys } from "./commented-keys.ts";
import { isFreeFormKey } from "./free-form-maps.ts";

export interface ChartKeyNode {
  children: Map<string, ChartKeyNode>;
  /** Children are the user's own: nothing below is compared. */
  freeForm: boolean;
  /** Only documented in a comment of values.yaml. */
  commented: boolean;
}

export interface ChartKeys {
  root: ChartKeyNode;
  /** The node at a path, or undefined. */
  find(segments: readonly string[]): ChartKeyNode | undefined;
  /** Every known path (maps and leaves), as segments. */
  allPaths(): readonly (readonly string[])[];
}

export function chartKeys(values: Record<string, unknown>, valuesYaml: string): ChartKeys {
  const root = fromValues(values);
  for (const documented of commentedKeys(valuesYaml)) addCommented(root, documented.segments);
  let paths: string[][] | undefined;
  return {
    root,
    find(segments) {
      let node: ChartKeyNode | undefined = root;
      for (const segment of segments) {
        node = node.children.get(segment);
        if (!node) return undefined;
      }
      return node;
    },
    allPaths() {
      paths ??= collectPaths(root, []);
      return paths;
    },
  };
}

function fromValues(values: Record<string, unknown>): ChartKeyNode {
  const node: ChartKeyNode = { children: new Map(), freeForm: false, commented: false };
  for (const [key, value] of Object.entries(values)) {
    const child =
      isRecord(value) && !isFreeFormKey(key, value) ? fromValues(value) : leaf(isFreeFormKey(key, value));
    node.children.set(key, child);
  }
  return node;
}

function leaf(freeForm: boolean): ChartKeyNode {
  return { children: new Map(), freeForm, commented: false };
}

function addCommented(root: ChartKeyNode, segments: readonly string[]): void {
  let node = root;
  for (const segment of segments) {
    // Never add structure below a key the chart already treats as free-form or as a leaf value.
    if (node !== root && (node.freeForm || (node.children.size === 0 && !node.commented))) return;
    let child = node.children.get(segment);
    if (!child) {
      child = { children: new Map(), freeForm: false, commented: true };
      node.children.set(segment, child);
    }
    node = child;
  }
}

function collectPaths(node: ChartKeyNode, prefix: string[]): string[][] {
  const out: string[][] = [];
  for (const [key, child] of node.children) {
    const path = [...prefix, key];
    out.push(path, ...collectPaths(child, path));
  }
  return out;
}
