// `cilium-agent --config-dir=/tmp/cilium/config-map`: every file in the folder is an option named
// after the file (a ConfigMap volume: one file per key, plus its ..data bookkeeping entries,
// which the agent skips), the file's content its value (pkg/option/config.go ReadDirConfig).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export function readConfigDir(dir: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.startsWith("..")) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
    } catch {
      continue;
    }
    values[name] = readFileSync(path, "utf8").trim();
  }
  return values;
}

/** The value of `--config-dir` in the agent's arguments (`--config-dir=X` or `--config-dir X`). */
export function configDirArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg.startsWith("--config-dir=")) return arg.slice("--config-dir=".length);
    if (arg === "--config-dir") return args[i + 1];
  }
  return undefined;
}
