// Reads the JUnit file `cilium connectivity test --junit-file` writes into typed cases.
// Shape (cilium-cli connectivity/check/junit.go, internal/junit): <testsuites><testsuite
// name="connectivity test" package="cilium"> with <properties>, one <testcase
// status="passed|skipped|failed"> per test (not per scenario), <failure message="<test> failed"
// type="failure"> whose text lists the failed actions. When the run ends before any test result
// was collected (setup failed, or `--timeout` ran out), the JUnit holds only one synthetic failed
// case: `connectivity test setup` in cilium-cli v0.19.6–v0.19.7 (connectivity/suite.go Run →
// JUnitCollector.CollectFailure), `Infrastructure/Provisioning` in cilium main after v0.19.7.
// Known quirks, tolerated here: repeated `failureMessage` attributes on <failure> (v0.18.5+), a
// missing <properties>, a timestamp that is Go's layout string, a bare <testsuite> root.

import {
  attributeOf,
  attributesOf,
  childrenNamed,
  firstChild,
  readXml,
  type XmlElement,
} from "../report/tolerant-xml-reader.ts";
import { type FailedAction, parseFailedActions } from "./failed-actions.ts";

/** The synthetic case of a run that never reported its tests, by cilium-cli version (see above). */
export const SETUP_CASE_NAMES: readonly string[] = ["connectivity test setup", "Infrastructure/Provisioning"];

export function isSetupCase(name: string): boolean {
  return SETUP_CASE_NAMES.includes(name);
}

export type ConnectivityCaseStatus = "passed" | "skipped" | "failed";

export interface ConnectivityCase {
  name: string;
  status: ConnectivityCaseStatus;
  durationMs: number;
  /** `<failure message>` (e.g. "to-fqdns failed"), or the skip message for skipped cases. */
  message: string | undefined;
  /** Every `failureMessage` attribute, in order (the detailed messages of v0.18.5+). */
  failureMessages: string[];
  /** The failure element's text: the failed actions, one per line. */
  failureText: string | undefined;
  failedActions: FailedAction[];
  /** Failure text lines that are not actions. */
  otherFailureLines: string[];
}

export interface ConnectivityJunit {
  suiteName: string;
  timestamp: string | undefined;
  properties: Record<string, string>;
  cases: ConnectivityCase[];
}

/** Throws XmlSyntaxError when the text is not XML, or a plain Error when it is not JUnit. */
export function parseConnectivityJunit(xml: string): ConnectivityJunit {
  const root = readXml(xml);
  const suites = root.name === "testsuites" ? childrenNamed(root, "testsuite") : [root];
  if (root.name !== "testsuites" && root.name !== "testsuite") {
    throw new Error(`expected <testsuites> or <testsuite> as the root element, found <${root.name}>`);
  }
  const first = suites[0];
  const properties: Record<string, string> = {};
  const cases: ConnectivityCase[] = [];
  for (const suite of suites) {
    for (const property of childrenNamed(firstChild(suite, "properties") ?? emptyElement(), "property")) {
      const name = attributeOf(property, "name");
      if (name !== undefined) properties[name] = attributeOf(property, "value") ?? property.text;
    }
    for (const testcase of childrenNamed(suite, "testcase")) cases.push(readCase(testcase));
  }
  return {
    suiteName: (first && attributeOf(first, "name")) ?? "connectivity test",
    timestamp: first ? attributeOf(first, "timestamp") : undefined,
    properties,
    cases,
  };
}

function readCase(testcase: XmlElement): ConnectivityCase {
  const name = attributeOf(testcase, "name") ?? `(unnamed testcase at line ${testcase.line})`;
  const failure = firstChild(testcase, "failure") ?? firstChild(testcase, "error");
  const skipped = firstChild(testcase, "skipped");
  const failureText = failure ? failure.text.trim() || undefined : undefined;
  const { actions, otherLines } = parseFailedActions(failureText ?? "");
  return {
    name,
    status: statusOf(attributeOf(testcase, "status"), failure !== undefined, skipped !== undefined),
    durationMs: secondsToMs(attributeOf(testcase, "time")),
    message: failure
      ? attributeOf(failure, "message")
      : skipped
        ? attributeOf(skipped, "message")
        : undefined,
    failureMessages: failure ? attributesOf(failure, "failureMessage") : [],
    failureText,
    failedActions: actions,
    otherFailureLines: otherLines,
  };
}

/**
 * A failure element always wins over a `status` attribute; an unknown status is not a pass
 * (a result we cannot read must not hide a failure).
 */
function statusOf(
  status: string | undefined,
  hasFailure: boolean,
  hasSkipped: boolean,
): ConnectivityCaseStatus {
  if (hasFailure) return "failed";
  if (status === "passed" || status === "skipped" || status === "failed") return status;
  if (status !== undefined) return "failed";
  return hasSkipped ? "skipped" : "passed";
}

function secondsToMs(time: string | undefined): number {
  const seconds = Number(time);
  return time !== undefined && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : 0;
}

function emptyElement(): XmlElement {
  return { name: "", attributes: [], children: [], text: "", line: 0 };
}
