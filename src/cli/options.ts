import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";
import { parseGoDuration } from "../go/go-duration.ts";
import { didYouMean } from "../text/nearest-name.ts";
import type { Command, CommandInput, OptionSpec } from "./command.ts";

/** Parses argv for one command, strictly: unknown options and bad choices are usage errors. */
export function parseCommandArgs(command: Command, argv: string[]): CommandInput {
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const option of command.options) {
    config[option.name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '--?([^'=]+)/.exec(message)?.[1];
    const known = command.options.map((option) => option.name);
    const near = unknown === undefined ? "" : didYouMean(unknown, known, (name) => `--${name}`);
    throw new UsageError(`${command.name}: ${message.replace(/\. To specify.*$/s, "")}.${near}`, {
      hint: `run \`cilium-conformance ${command.name} --help\` for the options`,
    });
  }
  const options: CommandInput["options"] = {};
  for (const option of command.options) {
    const value = parsed.values[option.name] ?? option.default;
    if (typeof value === "string") checkChoice(command, option, value);
    options[option.name] = value as string | boolean | string[] | undefined;
  }
  const required = (command.positionals ?? []).filter((p) => p.required);
  if (parsed.positionals.length < required.length) {
    const missing = required.slice(parsed.positionals.length).map((p) => `<${p.name}>`);
    throw new UsageError(`${command.name}: missing ${missing.join(" ")}`, {
      hint: `run \`cilium-conformance ${command.name} --help\``,
    });
  }
  return { options, positionals: parsed.positionals };
}

function checkChoice(command: Command, option: OptionSpec, value: string): void {
  if (option.choices && !option.choices.includes(value)) {
    throw new UsageError(
      `${command.name}: --${option.name} must be one of ${option.choices.join(", ")} (got "${value}").${didYouMean(value, option.choices)}`,
    );
  }
}

export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(input: CommandInput, name: string): boolean {
  return input.options[name] === true;
}

export function listOption(input: CommandInput, name: string): string[] {
  const value = input.options[name];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}

/** Parses a positive integer option, or throws a usage error naming the option. */
export function integerOption(input: CommandInput, name: string, fallback: number): number {
  const raw = stringOption(input, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`--${name} must be a whole number (got "${raw}")`);
  }
  return value;
}

/**
 * A duration option in milliseconds: a Go duration (`5s`, `1500ms`) or whole seconds (`5`);
 * anything else, or a value that is not positive, is a usage error that shows `example`.
 */
export function durationOption(
  input: CommandInput,
  name: string,
  fallbackMs: number,
  example: string,
): number {
  const raw = stringOption(input, name);
  if (raw === undefined) return fallbackMs;
  const ms = /^\d+$/.test(raw.trim()) ? Number(raw) * 1000 : parseGoDuration(raw.trim());
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`--${name} must be a duration like ${example} or 1500ms (got "${raw}")`);
  }
  return ms;
}
