// --verbose and --quiet, for every command that runs external tools, and the console they set up:
// progress on stderr (phases, cases, waits' heartbeats), colour only on a terminal.

import { colourStyle, plainStyle, type TerminalStyle, wantsColour } from "../checks/format/terminal-style.ts";
import { attachConsole, type RunConsole } from "../console/console-reporter.ts";
import { type Clock, systemClock } from "../wait/clock.ts";
import type { CliIO, CommandInput, OptionSpec } from "./command.ts";
import { booleanOption } from "./options.ts";

export const VERBOSE_OPTION: OptionSpec = {
  name: "verbose",
  type: "boolean",
  short: "v",
  description: "print each external command as it runs, and the tools' own output",
};

export const QUIET_OPTION: OptionSpec = {
  name: "quiet",
  type: "boolean",
  short: "q",
  description: "print only phase results, failures and the final summary (for CI logs)",
};

export const CONSOLE_OPTIONS: readonly OptionSpec[] = [VERBOSE_OPTION, QUIET_OPTION];

/** `run --format github`: the console as usual, then workflow-command annotations on stdout. */
export const GITHUB_FORMAT_OPTION: OptionSpec = {
  name: "format",
  type: "string",
  valueName: "format",
  choices: ["human", "github"],
  default: "human",
  description:
    "github: after the summary, annotations for the pull request (each static finding at its file:line, each failed case)",
};

/** Colour for one of the CLI's streams: a terminal, unless NO_COLOR; FORCE_COLOR forces it. */
export function styleFor(io: CliIO, stream: "stdout" | "stderr"): TerminalStyle {
  return wantsColour(io.env, io.tty?.[stream] === true) ? colourStyle : plainStyle;
}

/** The run's console on stderr, listening to progress until closed. */
export function startConsole(io: CliIO, input: CommandInput, clock: Clock = systemClock): RunConsole {
  return attachConsole({
    write: io.stderr,
    clock,
    style: styleFor(io, "stderr"),
    verbose: booleanOption(input, "verbose"),
    quiet: booleanOption(input, "quiet"),
  });
}

/** A path as the user should see it: relative to the working directory when it lies inside it. */
export function shownPath(io: CliIO, path: string): string {
  const prefix = io.cwd.endsWith("/") ? io.cwd : `${io.cwd}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
