import type { ExitCode } from "../errors.ts";
import type { Interruption } from "../tools/interruption.ts";

/** Where a command writes. Injected so commands are tested in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** SIGINT/SIGTERM of this invocation; commands that create docker objects or clusters honour it. */
  interruption?: Interruption;
  /** Which streams are terminals (colour only there); absent means neither. */
  tty?: { stdout: boolean; stderr: boolean };
}

export interface OptionSpec {
  name: string;
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Shown in help as `--name <valueName>`. */
  valueName?: string;
  /** Allowed values; anything else is a usage error (exit 2). */
  choices?: readonly string[];
  default?: string | boolean;
  description: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandInput {
  options: OptionValues;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Longer text for `--help`: what it does, exit codes, an example. */
  details?: string;
  options: readonly OptionSpec[];
  positionals?: readonly PositionalSpec[];
  run(input: CommandInput, io: CliIO): Promise<ExitCode>;
}
