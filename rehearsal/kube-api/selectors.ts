// Label and field selectors as the API server parses them (the subset kubectl users write).

type Requirement = (labels: Record<string, string>) => boolean;

/** Parses `a=b,c!=d,e,!f,g in (x,y),h notin (z)`; throws on syntax it does not know. */
export function parseLabelSelector(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const term = part.trim();
    if (term === "") continue;
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const [, key = "", op, values = ""] = set;
      const wanted = values.split(",").map((value) => value.trim());
      requirements.push((labels) =>
        op === "in"
          ? key in labels && wanted.includes(labels[key] ?? "")
          : !wanted.includes(labels[key] ?? "\u0000"),
      );
      continue;
    }
    const compare = /^([\w./-]+)\s*(==|!=|=)\s*([\w./-]*)$/.exec(term);
    if (compare) {
      const [, key = "", op, value = ""] = compare;
      requirements.push((labels) => (op === "!=" ? labels[key] !== value : labels[key] === value));
      continue;
    }
    const exists = /^(!?)([\w./-]+)$/.exec(term);
    if (exists) {
      const [, not, key = ""] = exists;
      requirements.push((labels) => (not ? !(key in labels) : key in labels));
      continue;
    }
    throw new Error(`unable to parse requirement: ${JSON.stringify(term)}`);
  }
  return requirements;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

export function matchesLabels(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  return requirements.every((requirement) => requirement(labels ?? {}));
}

/** Field selectors: `metadata.name=x,involvedObject.kind!=Pod` on dotted paths of the object. */
export function matchesFields(selector: string | null, object: unknown): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const match = /^([\w.]+)\s*(==|!=|=)\s*(.*)$/.exec(term.trim());
    if (!match) throw new Error(`invalid field selector: ${JSON.stringify(term)}`);
    const [, path = "", op, value = ""] = match;
    const actual = path
      .split(".")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], object);
    const text = actual === undefined || actual === null ? "" : String(actual);
    return op === "!=" ? text !== value : text === value;
  });
}
