// A string that a RegularExpression match (RE2 syntax, matched in full as Envoy's safe_regex does)
// accepts, so a route rule matching by regex can be probed. Covers the syntax routes use in
// practice — literals and escapes, `.`, classes and ranges, `\d \w \s`, groups, alternation,
// `* + ? {n,m}`, anchors — and gives up (undefined) on anything else; every sample is checked with
// the real RE2 matcher before it is used.

import { fullMatch } from "./route-matcher.ts";

type Node =
  | { kind: "text"; text: string }
  | { kind: "class"; pick: string }
  | { kind: "group"; alternatives: Node[][] }
  | { kind: "repeat"; node: Node; min: number };

class Unsupported extends Error {}

const SHORTHAND: Record<string, string> = { d: "0", w: "a", s: " ", D: "a", W: "-", S: "a" };
const CANDIDATES = "abcxyz019-_./~ABC";

class Parser {
  private index = 0;
  private readonly pattern: string;
  constructor(pattern: string) {
    this.pattern = pattern;
  }

  parse(): Node[][] {
    const alternatives = this.alternation();
    if (this.index < this.pattern.length) throw new Unsupported(`unexpected ${this.pattern[this.index]}`);
    return alternatives;
  }

  private peek(): string | undefined {
    return this.pattern[this.index];
  }

  private alternation(): Node[][] {
    const alternatives: Node[][] = [this.sequence()];
    while (this.peek() === "|") {
      this.index += 1;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): Node[] {
    const nodes: Node[] = [];
    while (this.index < this.pattern.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.atom();
      if (atom) nodes.push(this.quantified(atom));
    }
    return nodes;
  }

  private quantified(node: Node): Node {
    const next = this.peek();
    let min: number | undefined;
    if (next === "*" || next === "?") min = 0;
    else if (next === "+") min = 1;
    else if (next === "{") {
      const found = /^\{(\d+)(,\d*)?\}/.exec(this.pattern.slice(this.index));
      if (!found) return node;
      this.index += found[0].length - 1;
      min = Number(found[1]);
    }
    if (min === undefined) return node;
    this.index += 1;
    if (this.peek() === "?") this.index += 1; // lazy quantifier: same language
    return { kind: "repeat", node, min };
  }

  private atom(): Node | undefined {
    const char = this.pattern[this.index++] as string;
    if (char === "^" || char === "$") return undefined;
    if (char === ".") return { kind: "class", pick: "a" };
    if (char === "(") {
      if (this.pattern.startsWith("?:", this.index)) this.index += 2;
      else if (this.peek() === "?") throw new Unsupported("group flags");
      const alternatives = this.alternation();
      if (this.peek() !== ")") throw new Unsupported("unclosed group");
      this.index += 1;
      return { kind: "group", alternatives };
    }
    if (char === "[") return this.characterClass();
    if (char === "\\") return this.escape();
    if ("*+?{".includes(char)) throw new Unsupported(`dangling ${char}`);
    return { kind: "text", text: char };
  }

  private escape(): Node {
    const char = this.pattern[this.index++];
    if (char === undefined) throw new Unsupported("trailing backslash");
    if (char in SHORTHAND) return { kind: "class", pick: SHORTHAND[char] as string };
    if (/[a-zA-Z0-9]/.test(char)) throw new Unsupported(`escape \\${char}`);
    return { kind: "text", text: char };
  }

  private characterClass(): Node {
    const end = this.pattern.indexOf("]", this.index + 1);
    if (end < 0) throw new Unsupported("unclosed class");
    const body = this.pattern.slice(this.index, end);
    this.index = end + 1;
    const negated = body.startsWith("^");
    const members = negated ? body.slice(1) : body;
    if (!negated) {
      const first = members.startsWith("\\") ? members[1] : members[0];
      if (first === undefined) throw new Unsupported("empty class");
      return {
        kind: "class",
        pick: first in SHORTHAND && members.startsWith("\\") ? (SHORTHAND[first] as string) : first,
      };
    }
    for (const candidate of CANDIDATES) {
      if (fullMatch(`[${body}]`, candidate)) return { kind: "class", pick: candidate };
    }
    throw new Unsupported("negated class");
  }
}

function render(alternatives: Node[][], extra: number): string {
  return (alternatives[0] ?? []).map((node) => renderNode(node, extra)).join("");
}

function renderNode(node: Node, extra: number): string {
  switch (node.kind) {
    case "text":
      return node.text;
    case "class":
      return node.pick;
    case "group":
      return render(node.alternatives, extra);
    case "repeat":
      return renderNode(node.node, extra).repeat(node.min + extra);
  }
}

/** A string the pattern matches in full, or undefined when none could be built from its syntax. */
export function sampleMatching(pattern: string): string | undefined {
  let tree: Node[][];
  try {
    tree = new Parser(pattern).parse();
  } catch {
    return undefined;
  }
  for (const extra of [0, 1]) {
    const sample = render(tree, extra);
    if (fullMatch(pattern, sample)) return sample;
  }
  return undefined;
}
