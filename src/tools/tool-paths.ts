// Where the external tools come from: an explicit env override, then the project-local
// `.tools/bin` that scripts/install-tools.sh fills, then PATH. Resolved to absolute paths so the
// transcript says exactly which binary ran.

import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { packageRoot } from "../package-root.ts";

export type ToolName = "docker" | "kind" | "cilium" | "hubble";

/** Env variables that name a tool binary explicitly. */
export const TOOL_ENV: Record<ToolName, string> = {
  docker: "CILIUM_CONFORMANCE_DOCKER_BIN",
  kind: "CILIUM_CONFORMANCE_KIND_BIN",
  cilium: "CILIUM_CONFORMANCE_CILIUM_BIN",
  hubble: "CILIUM_CONFORMANCE_HUBBLE_BIN",
};

/** Env variable that moves the project-local tools folder (tests point it at an empty dir). */
export const TOOLS_DIR_ENV = "CILIUM_CONFORMANCE_TOOLS_DIR";

export function projectToolsDir(env: Record<string, string | undefined>): string {
  return env[TOOLS_DIR_ENV] ?? join(packageRoot, ".tools", "bin");
}

export interface ResolvedTool {
  name: ToolName;
  /** Absolute path, or undefined when nothing was found. */
  path: string | undefined;
  /** Where it was looked for, for the "not found" message. */
  searched: string[];
}

/** Resolves a tool: env override, then the project tools folder (not for docker), then PATH. */
export function resolveTool(
  name: ToolName,
  env: Record<string, string | undefined>,
  cwd: string,
): ResolvedTool {
  const override = env[TOOL_ENV[name]];
  const searched: string[] = [];
  if (override !== undefined && override !== "") {
    if (override.includes("/")) {
      const path = isAbsolute(override) ? override : resolve(cwd, override);
      searched.push(`${TOOL_ENV[name]}=${override}`);
      return { name, path: isExecutable(path) ? path : undefined, searched };
    }
    return findOnPath(name, override, env, searched);
  }
  if (name !== "docker") {
    const local = join(projectToolsDir(env), name);
    searched.push(local);
    if (isExecutable(local)) return { name, path: local, searched };
  }
  return findOnPath(name, name, env, searched);
}

function findOnPath(
  name: ToolName,
  binary: string,
  env: Record<string, string | undefined>,
  searched: string[],
): ResolvedTool {
  searched.push(`PATH (${binary})`);
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return { name, path: candidate, searched };
  }
  return { name, path: undefined, searched };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
