// Allure 2 result files written directly, for results that do not come from vitest (connectivity
// test cases, static checks, the provisioning case), so they land in the same allure-results/ as
// allure-vitest's and show up in one report. Format: `<uuid>-result.json` (TestResult),
// `<uuid>-attachment.<ext>` files, environment.properties and categories.json — as
// allure-js-commons' FileSystemWriter writes them.

import { createHash, randomUUID } from "node:crypto";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { RunVersions } from "../cluster/run-context.ts";
import type { CaseStatus, ReportCase, ReportModel, ReportSuite } from "./report-model.ts";
import { suitesForOutput } from "./static-check-suite.ts";

export interface AllureLabel {
  name: string;
  value: string;
}

export interface AllureAttachment {
  name: string;
  /** File name inside allure-results. */
  source: string;
  type: string;
}

export interface AllureResult {
  uuid: string;
  historyId: string;
  testCaseId: string;
  name: string;
  fullName: string;
  status: CaseStatus;
  statusDetails: { message?: string; trace?: string; known?: boolean; muted?: boolean; flaky?: boolean };
  stage: "finished";
  start: number;
  stop: number;
  labels: AllureLabel[];
  parameters: { name: string; value: string }[];
  attachments: AllureAttachment[];
  steps: never[];
  links: never[];
  description?: string;
}

/** The run's versions as Allure parameters, named as the suites name them (allure-labels.ts). */
export function versionParameters(versions: Partial<RunVersions>): { name: string; value: string }[] {
  const rows: [string, string | undefined][] = [
    ["Cilium", versions.cilium],
    ["chart", versions.chart],
    ["kind", versions.kind],
    ["node image", versions.nodeImage],
  ];
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
}

export interface AllureWriteInput {
  resultsDir: string;
  /** Base for AttachmentRef paths (reports/<run-id>/). */
  reportDir: string;
  model: ReportModel;
  /** Which suites to write; by default every suite not produced by vitest (allure-vitest writes those). */
  suites?: readonly ReportSuite[];
  /** Deterministic ids in tests. */
  uuid?: () => string;
}

/** Writes results for the chosen suites plus environment.properties and categories.json. */
export async function writeAllureResults(input: AllureWriteInput): Promise<AllureResult[]> {
  await mkdir(input.resultsDir, { recursive: true });
  const uuid = input.uuid ?? randomUUID;
  const suites = input.suites ?? suitesForOutput(input.model).filter((suite) => suite.source !== "vitest");
  const runStart = Date.parse(input.model.run.startedAt);
  const results: AllureResult[] = [];
  let cursor = Number.isFinite(runStart) ? runStart : Date.now();
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      const result = toAllureResult(suite, testCase, input.model, uuid(), cursor);
      cursor = result.stop;
      for (const attachment of testCase.attachments ?? []) {
        const source = `${uuid()}-attachment${extname(attachment.path) || ".txt"}`;
        await copyFile(join(input.reportDir, attachment.path), join(input.resultsDir, source));
        result.attachments.push({ name: attachment.name, source, type: attachment.contentType });
      }
      await writeFile(join(input.resultsDir, `${result.uuid}-result.json`), `${JSON.stringify(result)}\n`);
      results.push(result);
    }
  }
  await writeFile(join(input.resultsDir, "environment.properties"), environmentProperties(input.model));
  await writeFile(
    join(input.resultsDir, "categories.json"),
    `${JSON.stringify(allureCategories, null, 2)}\n`,
  );
  return results;
}

export function toAllureResult(
  suite: ReportSuite,
  testCase: ReportCase,
  model: ReportModel,
  uuid: string,
  start: number,
): AllureResult {
  const fullName = `${suite.name}#${testCase.name}`;
  const message = testCase.failureMessage ?? testCase.skipReason;
  const trace = testCase.failureText ?? testCase.details;
  return {
    uuid,
    historyId: md5(fullName),
    testCaseId: md5(fullName),
    name: testCase.name,
    fullName,
    status: testCase.status,
    statusDetails: {
      ...(message === undefined ? {} : { message }),
      ...(trace === undefined ? {} : { trace }),
    },
    stage: "finished",
    start,
    stop: start + Math.max(0, Math.round(testCase.durationMs)),
    labels: [
      { name: "parentSuite", value: "cilium-conformance" },
      { name: "suite", value: suite.title },
      { name: "feature", value: suite.title },
      { name: "framework", value: suite.source },
      { name: "language", value: "typescript" },
      ...(testCase.infrastructure ? [{ name: "tag", value: "infrastructure" }] : []),
    ],
    parameters: [
      ...versionParameters(model.run.versions),
      ...Object.entries(testCase.parameters ?? {}).map(([name, value]) => ({ name, value })),
    ],
    attachments: [],
    steps: [],
    links: [],
    ...(testCase.figures?.length
      ? {
          description: testCase.figures
            .map(
              (f) =>
                `${f.name}: ${f.value} ${f.unit}${f.limit === undefined ? "" : ` (limit ${f.limit} ${f.unit})`}`,
            )
            .join("\n\n"),
        }
      : {}),
  };
}

/** Java properties: `key=value`, with `\`, `=`, `:` and line breaks escaped. */
export function environmentProperties(model: ReportModel): string {
  const entries: [string, string | undefined][] = [
    ["run.id", model.run.runId],
    ["cilium", model.run.versions.cilium],
    ["chart", model.run.versions.chart],
    ["kind", model.run.versions.kind],
    ["node.image", model.run.versions.nodeImage],
    ["gateway.api", model.run.versions.gatewayApi],
    ["cilium.cli", model.run.versions.ciliumCli],
    ["kubernetes", model.run.versions.kubernetes],
  ];
  const escapeProperty = (value: string) =>
    value
      .replace(/\\/g, "\\\\")
      .replace(/([=:#!])/g, "\\$1")
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r");
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(value)}\n`)
    .join("");
}

/** How Allure groups problems: environment first, so nobody debugs Cilium for a dead Docker. */
export const allureCategories = [
  {
    name: "Infrastructure / provisioning",
    description:
      "The environment failed (tools, Docker, kind, Cilium never ready, the connectivity test crashed): nothing was proven.",
    matchedStatuses: ["broken"],
    messageRegex:
      "(?s).*(Infrastructure/Provisioning|CC_ENV_|CC_PROVISIONING|CC_COMMAND_FAILED|could not set itself up|cilium CLI (exited|did not finish)).*",
  },
  {
    name: "Timed-out waits",
    description: "A named wait ran out of budget; its message ends with the last observation.",
    matchedStatuses: ["failed", "broken"],
    messageRegex: "(?s).* after \\d+(ms|s) \\(last: .*",
  },
  {
    name: "Conformance failures",
    description: "A promise of the repo did not hold.",
    matchedStatuses: ["failed"],
  },
  {
    name: "Test errors",
    description: "A test could not decide (an unexpected error).",
    matchedStatuses: ["broken"],
  },
];

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}
