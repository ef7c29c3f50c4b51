// Reads the project's kind-config.yaml (the base of every run's kind config).

import { readFile } from "node:fs/promises";
import { PlanError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
import { type BaseKindConfig, parseBaseKindConfig } from "./kind-config.ts";

/** kind-config.yaml at the project's top level. */
export const defaultKindConfigPath = packagePath("kind-config.yaml");

export async function loadBaseKindConfig(path: string = defaultKindConfigPath): Promise<BaseKindConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PlanError("CC_PLAN_KIND_CONFIG_INVALID", `cannot read the kind config ${path}`, {
      file: path,
      cause: error,
      hint:
        path === defaultKindConfigPath
          ? "restore kind-config.yaml at the project's top level (git checkout kind-config.yaml)"
          : "check the path given to --kind-config (relative paths are taken from the current folder)",
    });
  }
  return parseBaseKindConfig(text, path);
}
