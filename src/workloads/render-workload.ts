import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ConformanceError, ExitCode } from "../errors.ts";
import { packagePath } from "../package-root.ts";

export type WorkloadVariables = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)\}/g;

export const workloadsDir = packagePath("fixtures", "workloads");

/**
 * Fills `${NAME}` placeholders and parses the documents. A placeholder without a value is a bug
 * in the suite, so it fails loudly instead of deploying a half-rendered object.
 */
export function renderWorkloadText(
  text: string,
  variables: WorkloadVariables,
  file: string,
): Record<string, unknown>[] {
  const missing = new Set<string>();
  const rendered = text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) {
      missing.add(name);
      return "";
    }
    return String(value);
  });
  if (missing.size > 0) {
    throw new ConformanceError(
      "CC_WORKLOAD_TEMPLATE",
      ExitCode.environment,
      `workload ${file} needs ${[...missing].map((name) => `\${${name}}`).join(", ")} but the suite gave no value`,
      { file },
    );
  }
  return parseAllDocuments(rendered)
    .map((document) => {
      if (document.errors.length > 0) {
        throw new ConformanceError(
          "CC_WORKLOAD_TEMPLATE",
          ExitCode.environment,
          `workload ${file} is not valid YAML once rendered: ${document.errors[0]?.message}`,
          { file },
        );
      }
      return document.toJS() as unknown;
    })
    .filter((object): object is Record<string, unknown> => typeof object === "object" && object !== null);
}

/** Renders `fixtures/workloads/<relativePath>`. */
export function renderWorkload(
  relativePath: string,
  variables: WorkloadVariables,
): Record<string, unknown>[] {
  const file = join(workloadsDir, relativePath);
  return renderWorkloadText(readFileSync(file, "utf8"), variables, `fixtures/workloads/${relativePath}`);
}
