// Command-line parsing as kind's cobra/pflag does it: `--name x`, `--name=x`, `-n x`, boolean
// flags without a value (`--retain`, `--retain=true`), string slices split on commas, positionals
// anywhere, `--` ends flags. An unknown flag is cobra's error text ("unknown flag: --foo",
// "unknown shorthand flag: 'x' in -x"); kind then prints `ERROR: <it>` and exits 1.

export interface FlagSpec {
  name: string;
  short?: string;
  type: "string" | "bool" | "stringSlice" | "duration";
  default?: string | boolean;
}

export interface ParsedFlags {
  values: Record<string, string | boolean | string[]>;
  positionals: string[];
}

export class FlagError extends Error {
  override readonly name = "FlagError";
}

export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const values: Record<string, string | boolean | string[]> = {};
  for (const spec of specs) if (spec.default !== undefined) values[spec.name] = spec.default;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const body = arg.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    const key = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const spec = specs.find((s) => (long ? s.name === key : s.short === key));
    if (!spec) {
      throw new FlagError(long ? `unknown flag: --${key}` : `unknown shorthand flag: '${key[0]}' in -${key}`);
    }
    if (spec.type === "bool") {
      if (inline !== undefined && !["true", "false", "1", "0"].includes(inline)) {
        throw new FlagError(
          `invalid argument "${inline}" for "--${spec.name}" flag: strconv.ParseBool: parsing "${inline}": invalid syntax`,
        );
      }
      values[spec.name] = inline === undefined ? true : inline === "true" || inline === "1";
      continue;
    }
    let value = inline;
    if (value === undefined) {
      i += 1;
      value = args[i];
      if (value === undefined) throw new FlagError(`flag needs an argument: --${spec.name}`);
    }
    if (spec.type === "stringSlice") {
      const previous = values[spec.name];
      values[spec.name] = [...(Array.isArray(previous) ? previous : []), ...value.split(",").filter(Boolean)];
    } else values[spec.name] = value;
  }
  return { values, positionals };
}

export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values[name];
  return typeof value === "string" ? value : undefined;
}

export function boolFlag(flags: ParsedFlags, name: string): boolean {
  return flags.values[name] === true;
}

export function sliceFlag(flags: ParsedFlags, name: string): string[] {
  const value = flags.values[name];
  return Array.isArray(value) ? value : [];
}

/** Go's time.ParseDuration for kind's `--wait` (e.g. `0s`, `5m`, `1m30s`); milliseconds. */
export function parseDurationFlag(name: string, text: string): number {
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  if (text === "0") return 0;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * (units[match[2] ?? "s"] ?? 0);
    consumed += match[0].length;
  }
  if (consumed !== text.length || consumed === 0) {
    throw new FlagError(`invalid argument "${text}" for "--${name}" flag: time: invalid duration "${text}"`);
  }
  return total;
}
