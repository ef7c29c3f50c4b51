// Helpers the conformance suites call to enrich their results: attachments (ARP transcripts, HTTP
// exchanges, Hubble flows, conditions, the command transcript) and the suite label. They wrap
// allure-js-commons' facade (allure-vitest's setup file and runner store each call on the running
// test's meta — both are needed under vitest 5, see src/conformance/allure-vitest-modules.ts;
// outside a test the suites' facade stores it on the suite file, src/conformance/suite-attachments.ts);
// the report then reads the attachments from there (src/conformance/vitest-results.ts) and writes
// every Allure result itself from the report model (allure-writer.ts). The facade is injectable
// so the helpers are tested without a vitest runtime.

import * as allure from "allure-js-commons";

/** The part of allure-js-commons' facade these helpers use. */
export interface AllureFacade {
  feature(name: string): PromiseLike<void>;
  suite(name: string): PromiseLike<void>;
  parentSuite(name: string): PromiseLike<void>;
  label(name: string, value: string): PromiseLike<void>;
  parameter(name: string, value: string): PromiseLike<void>;
  attachment(name: string, content: string, type: string): PromiseLike<void>;
}

export const defaultFacade: AllureFacade = {
  feature: allure.feature,
  suite: allure.suite,
  parentSuite: allure.parentSuite,
  label: allure.label,
  parameter: (name, value) => allure.parameter(name, value),
  attachment: (name, content, type) => allure.attachment(name, content, type),
};

export interface SuiteLabels {
  /** Human suite title, e.g. "L2 announcements"; also the feature. */
  suite: string;
}

/**
 * Call at the start of each test (e.g. in beforeEach): one suite level and the feature, for anyone
 * who runs a suite file with allure-vitest's own reporter. No parentSuite (vitest's file path would
 * make a second hierarchy) and no version parameters (the run's versions are its environment).
 */
export async function labelTest(labels: SuiteLabels, facade: AllureFacade = defaultFacade): Promise<void> {
  await facade.suite(labels.suite);
  await facade.feature(labels.suite);
}

export async function attachText(
  name: string,
  text: string,
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  await facade.attachment(name, text, "text/plain");
}

export async function attachJson(
  name: string,
  value: unknown,
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  await facade.attachment(name, `${JSON.stringify(value, null, 2)}\n`, "application/json");
}

/** One ARP probe from the LAN client: who was asked, which MACs answered and when. */
export interface ArpTranscriptLine {
  atMs: number;
  /** `reply` lines carry the MAC; `timeout` lines none. */
  kind: "request" | "reply" | "timeout";
  ip: string;
  mac?: string;
  /** The node that owns the MAC, when known. */
  node?: string;
}

export async function attachArpTranscript(
  name: string,
  lines: readonly ArpTranscriptLine[],
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  const text = lines
    .map((line) => {
      const who = line.mac ? ` ${line.mac}${line.node ? ` (${line.node})` : ""}` : "";
      return `+${String(line.atMs).padStart(6)} ms  ${line.kind.padEnd(7)} ${line.ip}${who}`;
    })
    .join("\n");
  await facade.attachment(`ARP: ${name}`, `${text}\n`, "text/plain");
}

export interface HttpExchange {
  method: string;
  url: string;
  requestHeaders?: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  body?: string;
  error?: string;
  durationMs: number;
}

export async function attachHttpExchanges(
  name: string,
  exchanges: readonly HttpExchange[],
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  await attachJson(`HTTP: ${name}`, exchanges, facade);
}

/** Hubble flows as JSON lines, the format `hubble observe -o jsonpb` prints. */
export async function attachFlows(
  name: string,
  flows: readonly unknown[],
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  await facade.attachment(
    `Flows: ${name}`,
    flows.map((flow) => JSON.stringify(flow)).join("\n"),
    "application/x-ndjson",
  );
}

/** Kubernetes status conditions of an object (Service, Gateway, pool, …). */
export async function attachConditions(
  objectRef: string,
  conditions: readonly unknown[],
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  await attachJson(`Conditions: ${objectRef}`, conditions, facade);
}

/** The commands run during the test (paste-safe, redacted, as the transcript keeps them). */
export async function attachCommandTranscript(
  entries: readonly unknown[],
  facade: AllureFacade = defaultFacade,
): Promise<void> {
  await attachJson("Command transcript", entries, facade);
}
