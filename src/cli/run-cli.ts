import { readFileSync } from "node:fs";
import { ExitCode, renderError, UsageError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
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
      throw new UsageError(`unknown command "${name}"`, {
        hint: `one of: ${commandRegistry.map((c) => c.name).join(", ")}`,
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
