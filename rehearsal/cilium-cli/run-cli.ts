// The command tree of the fake cilium CLI (cli/cmd.go NewCiliumCommand) and how main reports
// what a command returns: an error from RunE alone on stderr (SilenceErrors), a fatalf as
// "\nError: …", both exit 1. Unknown commands and flags fail as cobra fails them.

import { CliError, type CliIo, FatalError, openSession, ROOT_FLAGS } from "./cli-session.ts";
import { CommandLineError, type FlagSpec, flagOf, parseCommandLine } from "./command-line.ts";
import { CONNECTIVITY_FLAGS, connectivityTestCommand } from "./connectivity/connectivity-test.ts";
import { CLI_GO_VERSION, CLI_VERSION, DEFAULT_CILIUM_VERSION } from "./install/embedded-charts.ts";
import { INSTALL_FLAGS, installCommand } from "./install/install-command.ts";
import { UPGRADE_FLAGS, upgradeCommand } from "./install/upgrade-command.ts";
import { STATUS_FLAGS, statusCommand } from "./status/status-command.ts";
import { SYSDUMP_FLAGS, sysdumpCommand } from "./sysdump/sysdump.ts";

const COMMANDS: Record<string, FlagSpec[]> = {
  install: INSTALL_FLAGS,
  status: STATUS_FLAGS,
  upgrade: UPGRADE_FLAGS,
  sysdump: SYSDUMP_FLAGS,
  "connectivity test": CONNECTIVITY_FLAGS,
  version: [{ name: "client", kind: "bool" }],
};

function flagsFor(words: string[]): FlagSpec[] {
  const key = words[0] === "connectivity" ? `connectivity ${words[1] ?? ""}` : (words[0] ?? "");
  return [...ROOT_FLAGS, ...(COMMANDS[key] ?? [])];
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCommandLine(argv, flagsFor);
    const [command] = parsed.words;
    switch (command) {
      case "version": {
        io.stdout(`cilium-cli: ${CLI_VERSION} compiled with ${CLI_GO_VERSION} on linux/amd64\n`);
        io.stdout(`cilium image (default): v${DEFAULT_CILIUM_VERSION}\n`);
        // getLatestStableVersion GETs raw.githubusercontent.com: the rehearsal has no route there.
        io.stdout("cilium image (stable): unknown\n");
        if (flagOf(parsed, "client", false)) return 0;
        const session = openSession(parsed, io);
        const secret = await session.objects
          .get({
            apiVersion: "v1",
            kind: "Secret",
            namespace: session.namespace,
            name: `sh.helm.release.v1.${session.releaseName}.v1`,
          })
          .catch(() => undefined);
        if (secret) {
          const { decodeReleaseSecret } = await import("./install/helm-release.ts");
          io.stdout(
            `cilium image (running): ${decodeReleaseSecret(secret).chart?.metadata?.version ?? "unknown"}\n`,
          );
        } else {
          io.stdout(
            `cilium image (running): unknown. Unable to obtain cilium version. Reason: release: not found\n`,
          );
        }
        return 0;
      }
      case "install":
        return await installCommand(openSession(parsed, io));
      case "status":
        return await statusCommand(openSession(parsed, io));
      case "upgrade":
        return await upgradeCommand(openSession(parsed, io));
      case "sysdump":
        return await sysdumpCommand(openSession(parsed, io));
      case "connectivity":
        if (parsed.words[1] !== "test")
          throw new CliError(`unknown command "${parsed.words[1] ?? ""}" for "cilium connectivity"`);
        return await connectivityTestCommand(openSession(parsed, io), ["cilium", ...argv]);
      case undefined:
        io.stdout("CLI to install, manage, & troubleshooting Cilium clusters running Kubernetes.\n");
        return 0;
      default:
        throw new CliError(`unknown command "${command}" for "cilium"\nRun 'cilium --help' for usage.`);
    }
  } catch (error) {
    if (error instanceof FatalError) {
      io.stderr(`\nError: ${error.message}\n`);
      return 1;
    }
    if (error instanceof CliError || error instanceof CommandLineError) {
      io.stderr(`${error.message}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
