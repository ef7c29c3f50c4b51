// scripts/rehearse.sh's command line: [--repo DIR] [--fault NAME]... [--keep], or --list-faults
// [--format human|json]. Bad usage is exit 2, as the harness's own.

import { parseArgs } from "node:util";
import { findFault } from "./faults/catalogue.ts";

export type RehearseArgs =
  | { kind: "run"; repo: string | undefined; faults: string[]; keep: boolean }
  | { kind: "list-faults"; format: "human" | "json" }
  | { kind: "help" };

export class RehearseUsageError extends Error {
  override readonly name = "RehearseUsageError";
}

export const USAGE = `usage: scripts/rehearse.sh [--repo DIR] [--fault NAME]... [--keep]
       scripts/rehearse.sh --list-faults [--format human|json]

Runs the real \`cilium-conformance run\` against the rehearsal's cluster double (rehearsal/README.md)
and prints the report folder as its last line; exits with run's exit code.`;

export function parseRehearseArgs(argv: readonly string[]): RehearseArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        repo: { type: "string" },
        fault: { type: "string", multiple: true },
        keep: { type: "boolean" },
        "list-faults": { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new RehearseUsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { kind: "help" };
  if (values["list-faults"]) {
    const format = (values.format as string | undefined) ?? "human";
    if (format !== "human" && format !== "json")
      throw new RehearseUsageError(`--format must be human or json (got "${format}")`);
    return { kind: "list-faults", format };
  }
  if (values.format !== undefined) throw new RehearseUsageError("--format goes with --list-faults");
  const faults = (values.fault as string[] | undefined) ?? [];
  for (const name of faults) {
    if (!findFault(name))
      throw new RehearseUsageError(`unknown fault "${name}" (scripts/rehearse.sh --list-faults lists them)`);
  }
  return { kind: "run", repo: values.repo as string | undefined, faults, keep: values.keep === true };
}
