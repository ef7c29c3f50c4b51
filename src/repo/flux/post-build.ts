// Flux's postBuild variable substitution, the subset this tool renders itself. Semantics from
// fluxcd/pkg: kustomize/kustomize_varsub.go (per resource, on its YAML; skipped when the resource
// is labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`; vars from
// substituteFrom in order, then inline `substitute` on top; newlines removed from values; var
// names must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$) and envsubst/parse (the `${...}` grammar,
// `$$` escapes a dollar; an unset variable is the empty string unless strict).
//
// Rendered: ${VAR}, ${VAR:=default}, ${VAR:-default}, ${VAR=default} (all "default when empty",
// envsubst/funcs.go toDefault), ${#VAR}, ${VAR^}, ${VAR^^}, ${VAR,}, ${VAR,,}. Not rendered (left
// as written and reported): substring, pattern removal and replacement forms.

export interface Substitution {
  text: string;
  /** Variables used but not defined (empty in Flux's default, non-strict mode). */
  undefinedVars: string[];
  /** Expressions left as written because this renderer does not evaluate them. */
  unsupported: string[];
  /** A syntax error Flux's envsubst reports (the build then fails). */
  error?: string;
}

export const SUBSTITUTE_DISABLED = "kustomize.toolkit.fluxcd.io/substitute";
const VAR_NAME = /^[_\p{L}][_\p{L}\p{Nd}]*$/u;

export function invalidVarNames(vars: ReadonlyMap<string, string>): string[] {
  return [...vars.keys()].filter((name) => !VAR_NAME.test(name));
}

/**
 * Substitutes `vars` in `text`. `known` false means some variables come from sources that could
 * not be read: then an undefined variable without a default is left as written (its value is
 * unknown here), not emptied.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>, known = true): Substitution {
  const out = { undefinedVars: [] as string[], unsupported: [] as string[] };
  try {
    return { text: expand(text, 0, text.length, vars, known, out), ...out };
  } catch (error) {
    return { text, ...out, error: error instanceof Error ? error.message : String(error) };
  }
}

function expand(
  text: string,
  from: number,
  to: number,
  vars: ReadonlyMap<string, string>,
  known: boolean,
  out: { undefinedVars: string[]; unsupported: string[] },
): string {
  let result = "";
  let index = from;
  while (index < to) {
    const dollar = text.indexOf("$", index);
    if (dollar === -1 || dollar >= to) {
      result += text.slice(index, to);
      break;
    }
    result += text.slice(index, dollar);
    if (text[dollar + 1] === "$") {
      result += "$";
      index = dollar + 2;
      continue;
    }
    if (text[dollar + 1] !== "{") {
      result += "$";
      index = dollar + 1;
      continue;
    }
    const close = closingBrace(text, dollar + 2, to);
    const body = text.slice(dollar + 2, close);
    result += evaluate(body, text, dollar + 2, close, vars, known, out);
    index = close + 1;
  }
  return result;
}

function closingBrace(text: string, from: number, to: number): number {
  let depth = 0;
  for (let index = from; index < to; index++) {
    if (text[index] === "$" && text[index + 1] === "{") {
      depth++;
      index++;
    } else if (text[index] === "}") {
      if (depth === 0) return index;
      depth--;
    }
  }
  throw new Error(`missing closing brace after \${${text.slice(from, Math.min(from + 20, to))}`);
}

function evaluate(
  body: string,
  text: string,
  start: number,
  end: number,
  vars: ReadonlyMap<string, string>,
  known: boolean,
  out: { undefinedVars: string[]; unsupported: string[] },
): string {
  const raw = `\${${body}}`;
  if (body.startsWith("#")) {
    const name = body.slice(1);
    if (!VAR_NAME.test(name)) throw new Error(`bad substitution ${raw}`);
    const value = vars.get(name);
    if (value === undefined && !known) return raw;
    return String((value ?? "").length);
  }
  const nameMatch = /^[_\p{L}\p{Nd}]+/u.exec(body);
  if (!nameMatch) throw new Error(`unable to parse variable name in ${raw}`);
  const name = nameMatch[0];
  const rest = body.slice(name.length);
  const value = vars.get(name);
  const missing = value === undefined;
  if (rest === "") {
    if (missing) {
      if (!known) return raw;
      out.undefinedVars.push(name);
    }
    return value ?? "";
  }
  const defaultOp = /^(:=|:-|:\?|:\+|=)/.exec(rest);
  if (defaultOp) {
    if (!missing && value !== "") return value;
    if (missing && !known) return raw;
    const argStart = start + name.length + defaultOp[0].length;
    return expand(text, argStart, end, vars, known, out);
  }
  const casing = /^(\^\^|\^|,,|,)$/.exec(rest);
  if (casing) {
    if (missing && !known) return raw;
    const text = value ?? "";
    switch (casing[0]) {
      case "^^":
        return text.toUpperCase();
      case "^":
        return text.charAt(0).toUpperCase() + text.slice(1);
      case ",,":
        return text.toLowerCase();
      default:
        return text.charAt(0).toLowerCase() + text.slice(1);
    }
  }
  if (/^[:/#%]/.test(rest)) {
    out.unsupported.push(raw);
    return raw;
  }
  // envsubst/parse.go parseFunc: anything else after the name is "missing closing brace".
  throw new Error(`missing closing brace in ${raw}`);
}
