// Keys a chart documents only as comments in values.yaml, e.g. under `l2announcements:`
//   # leaseDuration: 15s
// They are real keys the templates read (with a default in the template), so a repo that sets
// them must not be told they do not exist.

export interface CommentedKey {
  /** Path of map keys from the root, e.g. ["l2announcements", "leaseDuration"]. */
  segments: string[];
  /** 1-based line in values.yaml. */
  line: number;
}

const KEY_LINE = /^( *)("[^"]*"|'[^']*'|[^\s#'"-][^:#]*?):(?:\s|$)/;
const COMMENTED_KEY_LINE = /^( *)#( *)([A-Za-z_][A-Za-z0-9_.-]*):(?:\s|$)/;
const SCHEMA_MARKER = /^\s*#\s*@schema\s*$/;

export function commentedKeys(valuesYaml: string): CommentedKey[] {
  const stack: { indent: number; key: string }[] = [];
  const found: CommentedKey[] = [];
  let inSchemaBlock = false;
  const lines = valuesYaml.split(/\r?\n/);
  lines.forEach((text, index) => {
    // `# @schema` ... `# @schema` blocks hold JSON-schema hints (`# type: [null, integer]`), not keys.
    if (SCHEMA_MARKER.test(text)) {
      inSchemaBlock = !inSchemaBlock;
      return;
    }
    const key = KEY_LINE.exec(text);
    if (key) {
      inSchemaBlock = false;
      push(stack, key[1]!.length, unquote(key[2]!));
      return;
    }
    const commented = COMMENTED_KEY_LINE.exec(text);
    if (!commented || inSchemaBlock) return;
    // `  # key:` and `  #key:` sit at the indent of the `#`; `  #   nested:` is deeper.
    const indent = commented[1]!.length + Math.max(0, commented[2]!.length - 1);
    push(stack, indent, commented[3]!);
    found.push({ segments: stack.map((entry) => entry.key), line: index + 1 });
  });
  return found;
}

function push(stack: { indent: number; key: string }[], indent: number, key: string): void {
  while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
  stack.push({ indent, key });
}

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}
