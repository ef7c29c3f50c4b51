// Allure 2 result files for every case of the report model — the vitest suites' too — so the
// Allure report shows exactly the cases and statuses JUnit and summary.md show: one suite level
// (the suite's title), each case once, its status from the model (a timed-out wait is `failed`,
// as everywhere else), measured figures as parameters of their case, the run's versions once in
// environment.properties. Format: `<uuid>-result.json` (TestResult), `<uuid>-attachment.<ext>`
// files, environment.properties and categories.json, as allure-js-commons' FileSystemWriter
// writes them. The folder is rewritten from scratch, so a second `test` of a run does not show
// its cases twice.

import { createHash, randomUUID } from "node:crypto";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { figureValue } from "./figure-text.ts";
import type { CaseStatus, ReportCase, ReportModel, ReportSuite } from "./report-model.ts";

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

export interface AllureWriteInput {
  resultsDir: string;
  /** Base for AttachmentRef paths (reports/<run-id>/). */
  reportDir: string;
  model: ReportModel;
  /** Deterministic ids in tests. */
  uuid?: () => string;
}

/** Writes one result per case of the model, plus environment.properties and categories.json. */
export async function writeAllureResults(input: AllureWriteInput): Promise<AllureResult[]> {
  await rm(input.resultsDir, { recursive: true, force: true });
  await mkdir(input.resultsDir, { recursive: true });
  const uuid = input.uuid ?? randomUUID;
  const runStart = Date.parse(input.model.run.startedAt);
  const results: AllureResult[] = [];
  let cursor = Number.isFinite(runStart) ? runStart : Date.now();
  for (const suite of input.model.suites) {
    const seen = new Map<string, number>();
    for (const testCase of suite.cases) {
      // cilium-cli's JUnit may name a test twice (--test-concurrency); Allure merges results whose
      // ids match, so the second and later get their occurrence in the id.
      const occurrence = (seen.get(testCase.name) ?? 0) + 1;
      seen.set(testCase.name, occurrence);
      // A case that knows when it started is placed there; one that does not, right after the last.
      const started = testCase.startedAt === undefined ? Number.NaN : Date.parse(testCase.startedAt);
      const result = toAllureResult(
        suite,
        testCase,
        uuid(),
        Number.isFinite(started) ? started : cursor,
        occurrence,
      );
      cursor = Math.max(cursor, result.stop);
      for (const attachment of testCase.attachments ?? []) {
        const source = `${uuid()}-attachment${extname(attachment.path) || ".txt"}`;
        const copied = await copyFile(
          join(input.reportDir, attachment.path),
          join(input.resultsDir, source),
        ).then(
          () => true,
          () => false,
        );
        // A missing attachment file must not cost the whole report; the case says it is gone.
        if (copied) result.attachments.push({ name: attachment.name, source, type: attachment.contentType });
        else
          result.description =
            `${result.description ?? ""}\n\n(attachment ${attachment.path} is missing)`.trim();
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

function description(testCase: ReportCase): string | undefined {
  const parts: string[] = [];
  if (testCase.details) parts.push(`\`\`\`\n${testCase.details}\n\`\`\``);
  for (const figure of testCase.figures ?? []) {
    parts.push(`**${figure.name}**: ${figureValue(figure)}${figure.note ? ` — ${figure.note}` : ""}`);
  }
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

export function toAllureResult(
  suite: ReportSuite,
  testCase: ReportCase,
  uuid: string,
  start: number,
  occurrence = 1,
): AllureResult {
  const fullName = `${suite.name}#${testCase.name}${occurrence > 1 ? ` (${occurrence})` : ""}`;
  const message = testCase.failureMessage ?? testCase.skipReason;
  const trace = testCase.failureText;
  const text = description(testCase);
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
      { name: "suite", value: suite.title },
      { name: "feature", value: suite.title },
      { name: "framework", value: suite.source },
      { name: "language", value: "typescript" },
      ...(testCase.infrastructure ? [{ name: "tag", value: "infrastructure" }] : []),
      ...(testCase.severity ? [{ name: "tag", value: testCase.severity }] : []),
    ],
    parameters: [
      ...(testCase.severity ? [{ name: "severity", value: testCase.severity }] : []),
      ...(testCase.figures ?? []).map((figure) => ({ name: figure.name, value: figureValue(figure) })),
      ...Object.entries(testCase.parameters ?? {}).map(([name, value]) => ({ name, value })),
    ],
    attachments: [],
    steps: [],
    links: [],
    ...(text === undefined ? {} : { description: text }),
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
