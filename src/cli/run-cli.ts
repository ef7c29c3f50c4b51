import { readFileSync } from "node:fs";
import { ExitCode, errorObject, renderError, UsageError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
import { didYouMean } from "../text/nearest-name.ts";
import type { CliIO } from "./command.ts";
import { renderCommandHelp, renderGeneralHelp } from "./help.ts";
import { parseCommandArgs } from "./options.ts";
import { commandRegistry } from "./registry.ts";

/** Runs one CLI invocation in-process and returns its exit code (never throws). */
export async function runCli(argv: string[], io: CliIO): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(renderGeneralHelp(commandRegistry));
    return name === undefined ? ExitCode.badInput : ExitCode.pass;
  }
  if (name === "--version") {
    io.stdout(`${packageVersion()}\n`);
    return ExitCode.pass;
  }
  try {
    const entry = commandRegistry.find((c) => c.name === name);
    if (!entry) {
      const names = commandRegistry.map((c) => c.name);
      throw new UsageError(`unknown command "${name}".${didYouMean(name, names)}`, {
        hint: `one of: ${names.join(", ")}`,
      });
    }
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(renderCommandHelp(command));
      return ExitCode.pass;
    }
    return await command.run(parseCommandArgs(command, rest), io);
  } catch (error) {
    const { text, exitCode } = renderError(error);
    io.stderr(text);
    // A caller that asked for JSON parses stdout: it gets the error as JSON there too.
    if (wantsJson(rest)) io.stdout(`${JSON.stringify(errorObject(error), null, 2)}\n`);
    return exitCode;
  }
}

/** `cilium-conformance 0.1.0`, from the package's own package.json (npx and clones alike). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  return `${manifest.name} ${manifest.version}`;
}

/** `--format json` or `--format=json` among the arguments, however the rest of them parse. */
function wantsJson(args: readonly string[]): boolean {
  return args.some(
    (arg, index) => arg === "--format=json" || (arg === "--format" && args[index + 1] === "json"),
  );
}
