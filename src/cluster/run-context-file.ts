// Reads and writes reports/<run-id>/run-context.json, the hand-over from `up` to later commands.

import { readFile, writeFile } from "node:fs/promises";
import { EnvironmentError } from "../errors.ts";
import type { RunContext } from "./run-context.ts";

export async function writeRunContext(path: string, context: RunContext): Promise<void> {
  await writeFile(path, `${JSON.stringify(context, null, 2)}\n`);
}

export async function readRunContext(path: string): Promise<RunContext> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new EnvironmentError("CC_ENV_CONTEXT_MISSING", `no run context at ${path}`, {
      file: path,
      hint: "run `cilium-conformance up` first, or pass the right --run-id / --context-file",
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new EnvironmentError("CC_ENV_CONTEXT_MISSING", `${path} is not valid JSON`, {
      file: path,
      hint: "it is written by `up`; remove the run folder and run `up` again",
    });
  }
  const context = data as Partial<RunContext>;
  const missing = (
    ["runId", "clusterName", "kubeconfigPath", "kubeContext", "ciliumNamespace", "network"] as const
  ).filter((key) => context[key] === undefined);
  if (context.schemaVersion !== 1 || missing.length > 0) {
    throw new EnvironmentError(
      "CC_ENV_CONTEXT_MISSING",
      `${path} is not a run context of this harness version (schemaVersion ${String(context.schemaVersion)}${missing.length ? `, missing ${missing.join(", ")}` : ""})`,
      { file: path, hint: "it is written by `up`; run `up` again with this version" },
    );
  }
  return context as RunContext;
}
