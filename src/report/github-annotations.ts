// `--format github`: GitHub Actions workflow commands that put each problem on the pull request —
// a static finding at its file:line (error, warning or notice), a failed suite case as an error
// of the job. Format and escaping as the Actions runner parses them (actions/toolkit
// packages/core/src/command.ts: data escapes %, CR, LF; property values also `:` and `,`).

import { existsSync } from "node:fs";
import path from "node:path";
import type { Finding, Severity } from "../checks/finding.ts";
import { failureHeadline } from "./failure-headline.ts";
import type { ReportModel } from "./report-model.ts";
import { problemCases } from "./report-verdict.ts";

type Level = "error" | "warning" | "notice";

const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", info: "notice" };

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function workflowCommand(
  level: Level,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

export interface AnnotationPaths {
  /** The infra repo's root on disk (--repo). */
  repoRoot: string;
}

/** The git checkout a folder lies in (the nearest folder upwards with a .git), if any. */
export function gitRootOf(folder: string): string | undefined {
  let current = path.resolve(folder);
  for (;;) {
    if (existsSync(path.join(current, ".git"))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * A finding's file as the pull request knows it: relative to the root of the git checkout that
 * holds it. GitHub places an annotation by the repository's own paths; the runner only makes an
 * absolute path relative to the workspace (actions/runner ActionCommandManager.cs,
 * IssueCommandExtension), which is wrong when the infra repo is checked out into a subfolder — as
 * the reusable workflow does — or when --repo names a folder inside the repository.
 */
export function repositoryPath(file: string, paths: AnnotationPaths): string {
  const absolute = path.resolve(paths.repoRoot, file);
  const root = gitRootOf(paths.repoRoot) ?? paths.repoRoot;
  return path.relative(root, absolute).split(path.sep).join("/");
}

export function findingAnnotations(findings: readonly Finding[], paths: AnnotationPaths): string[] {
  return findings.map((finding) =>
    workflowCommand(
      LEVEL[finding.severity],
      {
        file: finding.file ? repositoryPath(finding.file, paths) : undefined,
        line: finding.line > 0 ? finding.line : undefined,
        title: `cilium-conformance: ${finding.id}`,
      },
      finding.message,
    ),
  );
}

/** Each failed or broken case that is not a static rule (the findings carry those, at their line). */
export function caseAnnotations(model: ReportModel): string[] {
  return problemCases(model)
    .filter(({ suite }) => suite.source !== "static-checks")
    .map(({ suite, testCase }) =>
      workflowCommand(
        "error",
        {
          title: `cilium-conformance: ${suite.title} › ${testCase.name}${testCase.infrastructure ? " (infrastructure)" : ""}`,
        },
        failureHeadline(testCase.failureMessage ?? testCase.failureText) || testCase.status,
      ),
    );
}
