// --repo, as every command that reads the GitOps repo takes it. Kept apart from the plan options
// so that `check` does not load the planner (nor `plan` the static checks).

import path from "node:path";
import { packagePath } from "../package-root.ts";
import type { CliIO, CommandInput, OptionSpec } from "./command.ts";
import { stringOption } from "./options.ts";

/** The example repo shipped with the package: what runs when --repo is not given. */
export const embeddedHomelab = packagePath("fixtures", "homelab");

export const REPO_OPTION: OptionSpec = {
  name: "repo",
  type: "string",
  valueName: "dir",
  description: "root of the GitOps repo (default: the embedded fixtures/homelab)",
};

/** The repo root named by --repo (relative to the working directory), or the embedded example. */
export function repoRootFromOptions(input: CommandInput, io: CliIO): string {
  const repo = stringOption(input, "repo");
  return repo === undefined ? embeddedHomelab : path.resolve(io.cwd, repo);
}

/** The repo as the user named it (or relative to the working directory), for headings. */
export function repoLabel(input: CommandInput, io: CliIO): string {
  const given = stringOption(input, "repo");
  if (given !== undefined) return given;
  const relative = path.relative(io.cwd, embeddedHomelab);
  return relative.startsWith("..") ? "fixtures/homelab (embedded)" : relative;
}
