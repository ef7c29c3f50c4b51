// The command line as cobra + pflag parse it for cilium-cli: `--flag value`, `--flag=value`,
// `-n value`/`-nvalue`, bool flags without a value (`--wait`, `--wait=false`), StringSlice flags
// split on commas and repeatable, StringArray flags repeatable without splitting, Go durations,
// and pflag's error texts ("unknown flag: --x", "flag needs an argument: --x").

import { parseGoDuration } from "../../src/go/go-duration.ts";

export type FlagKind = "bool" | "string" | "stringSlice" | "stringArray" | "duration" | "int";

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  /** Names that normalize to this flag (cilium-cli's normalizeFlags: helm-set → set). */
  aliases?: string[];
}

export type FlagValue = boolean | string | string[] | number;

export interface ParsedCommandLine {
  /** Subcommand words (e.g. ["connectivity", "test"]). */
  words: string[];
  flags: Map<string, FlagValue>;
}

export class CommandLineError extends Error {
  override readonly name = "CommandLineError";
}

/**
 * Parses argv against the flags of the command its leading words name. `flagsFor(words)` returns
 * the flags known once those words are read (persistent root flags included).
 */
export function parseCommandLine(
  argv: readonly string[],
  flagsFor: (words: string[]) => FlagSpec[],
): ParsedCommandLine {
  const words: string[] = [];
  const flags = new Map<string, FlagValue>();
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositional || arg === "-" || !arg.startsWith("-")) {
      words.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositional = true;
      continue;
    }
    const known = flagsFor(words);
    const long = arg.startsWith("--");
    const body = long ? arg.slice(2) : arg.slice(1);
    const equals = body.indexOf("=");
    let name = equals >= 0 ? body.slice(0, equals) : body;
    let inline = equals >= 0 ? body.slice(equals + 1) : undefined;
    let spec: FlagSpec | undefined;
    if (long) {
      spec = known.find((flag) => flag.name === name || flag.aliases?.includes(name));
      if (!spec) throw new CommandLineError(`unknown flag: --${name}`);
    } else {
      // -nvalue: the first letter is the shorthand, the rest its value.
      const letter = name.slice(0, 1);
      if (inline === undefined && name.length > 1) inline = name.slice(1);
      name = letter;
      spec = known.find((flag) => flag.short === letter);
      if (!spec) throw new CommandLineError(`unknown shorthand flag: '${letter}' in ${arg}`);
    }
    const display = long ? `--${spec.name}` : `-${spec.short}`;
    let raw: string;
    if (spec.kind === "bool") {
      raw = inline ?? "true";
    } else if (inline !== undefined) {
      raw = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new CommandLineError(`flag needs an argument: ${display}`);
      raw = next;
      i++;
    }
    flags.set(spec.name, convert(spec, raw, flags.get(spec.name), display));
  }
  return { words, flags };
}

function convert(spec: FlagSpec, raw: string, previous: FlagValue | undefined, display: string): FlagValue {
  const invalid = (why: string) =>
    new CommandLineError(`invalid argument "${raw}" for "${display}" flag: ${why}`);
  switch (spec.kind) {
    case "bool": {
      const value = parseGoBool(raw);
      if (value === undefined) throw invalid(`strconv.ParseBool: parsing "${raw}": invalid syntax`);
      return value;
    }
    case "string":
      return raw;
    case "stringSlice":
      return [...((previous as string[] | undefined) ?? []), ...(raw === "" ? [] : raw.split(","))];
    case "stringArray":
      return [...((previous as string[] | undefined) ?? []), raw];
    case "duration": {
      const ms = parseGoDuration(raw);
      if (ms === undefined) throw invalid(`time: invalid duration "${raw}"`);
      return ms;
    }
    case "int": {
      if (!/^[-+]?\d+$/.test(raw)) throw invalid(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number(raw);
    }
  }
}

/** strconv.ParseBool. */
export function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** Typed access with the flag's default when it was not given. */
export function flagOf(parsed: ParsedCommandLine, name: string, fallback: string): string;
export function flagOf(parsed: ParsedCommandLine, name: string, fallback: boolean): boolean;
export function flagOf(parsed: ParsedCommandLine, name: string, fallback: number): number;
export function flagOf<T extends string[]>(parsed: ParsedCommandLine, name: string, fallback: T): string[];
export function flagOf(parsed: ParsedCommandLine, name: string, fallback: FlagValue): FlagValue {
  return parsed.flags.has(name) ? (parsed.flags.get(name) as FlagValue) : fallback;
}
