import { describe, expect, it } from "vitest";
import { NOTE_ANNOTATION } from "../../src/conformance/case-notes.ts";
import { selectSuites, suiteCatalog } from "../../src/conformance/suite-catalog.ts";
import { suiteEnvFor, suiteOptionsFromEnv } from "../../src/conformance/suite-env.ts";
import { figureAnnotation, figuresOf } from "../../src/conformance/suite-figures.ts";
import { suiteNamespaceManifest, suiteNamespaceName } from "../../src/conformance/suite-namespace.ts";
import {
  type ReportedModule,
  type ReportedTest,
  reportSuitesFromVitest,
} from "../../src/conformance/vitest-results.ts";
import { ConformanceError } from "../../src/errors.ts";

describe("suite selection", () => {
  it("takes all suites by default and comma lists in catalog order", () => {
    expect(selectSuites([]).map((s) => s.id)).toEqual(suiteCatalog.map((s) => s.id));
    expect(selectSuites(["l2-announcements,lb-ipam"]).map((s) => s.file)).toEqual([
      "suites/lb-ipam.suite.ts",
      "suites/l2-announcements.suite.ts",
    ]);
  });
  it("refuses unknown names with exit 2 and lists the known ones", () => {
    try {
      selectSuites(["lb-ipam", "bgp"]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConformanceError);
      expect((error as ConformanceError).exitCode).toBe(2);
      expect((error as ConformanceError).message).toBe('unknown suite "bgp"');
      expect((error as ConformanceError).hint).toContain("kube-proxy-replacement, lb-ipam");
    }
  });
});

describe("suite env and namespace", () => {
  it("round-trips the options through the workers' environment", () => {
    const options = {
      contextFile: "/r/run-context.json",
      keepOnFailure: true,
      offline: true,
      testFilters: ["no-policies", "!/pod-to-world"],
      collectSysdumpOnFailure: false,
      verbose: true,
    };
    expect(suiteOptionsFromEnv(suiteEnvFor(options))).toEqual(options);
    expect(suiteOptionsFromEnv({})).toEqual({
      contextFile: undefined,
      keepOnFailure: false,
      offline: false,
      testFilters: [],
      collectSysdumpOnFailure: false,
      verbose: false,
    });
  });
  it("names the namespace cc-<suite>-<run-id>, labelled, and never longer than a DNS label", () => {
    expect(suiteNamespaceManifest("lb-ipam", "20261126-203540-a1b2")).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "cc-lb-ipam-20261126-203540-a1b2",
        labels: {
          "io.cilium-conformance/run-id": "20261126-203540-a1b2",
          "io.cilium-conformance/managed": "true",
          "io.cilium-conformance/suite": "lb-ipam",
        },
      },
    });
    const long = suiteNamespaceName("kube-proxy-replacement-and-a-very-long-suffix", "20261126-203540-a1b2");
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long.endsWith("-20261126-203540-a1b2")).toBe(true);
  });
});

const noteAnnotation = (message: string) => ({ type: NOTE_ANNOTATION, message });

const test = (
  name: string,
  result: ReturnType<ReportedTest["result"]>,
  annotations: { type: string; message: string }[] = [],
): ReportedTest => ({
  type: "test",
  name,
  fullName: `LB-IPAM > ${name}`,
  result: () => result,
  diagnostic: () => ({ duration: 12.4 }),
  annotations: () => annotations,
});

describe("reportSuitesFromVitest", () => {
  it("maps states, keeps skip notes and figures, and tells infrastructure from failures", () => {
    const figure = figureAnnotation({ name: "L2 failover", value: 13_000, unit: "ms", limit: 45_000 });
    const module: ReportedModule = {
      moduleId: "/work/main/suites/lb-ipam.suite.ts",
      errors: () => [],
      children: {
        array: () => [
          test("passes", { state: "passed" }, [
            figure,
            { type: "notice", message: "x" },
            noteAnnotation("192.168.5.53 is shared across 2 L2 Leases"),
          ]),
          test("fails", {
            state: "failed",
            errors: [
              {
                message: "lbIpAssigned: no IP after 60s (last: …)",
                name: "WaitTimeoutError",
                code: "CC_WAIT_TIMEOUT",
                exitCode: 1,
              },
            ],
          }),
          test("cannot decide", {
            state: "failed",
            errors: [{ message: "no Lease", code: "CC_ENV_CLUSTER_UNREACHABLE", exitCode: 3 }],
          }),
          test("skips", { state: "skipped", note: "policy has no serviceSelector" }),
        ],
      },
    };
    const [suite] = reportSuitesFromVitest([module]);
    expect(suite).toMatchObject({ name: "lb-ipam", title: "LB-IPAM", source: "vitest" });
    expect(suite?.cases.map((c) => [c.name, c.status, c.infrastructure ?? false])).toEqual([
      ["LB-IPAM > passes", "passed", false],
      ["LB-IPAM > fails", "failed", false],
      ["LB-IPAM > cannot decide", "broken", true],
      ["LB-IPAM > skips", "skipped", false],
    ]);
    expect(suite?.cases[0]?.figures).toEqual([
      { name: "L2 failover", value: 13_000, unit: "ms", limit: 45_000 },
    ]);
    // A note becomes the passed case's details (JUnit system-out, Allure description); other types do not.
    expect(suite?.cases[0]?.details).toBe("192.168.5.53 is shared across 2 L2 Leases");
    expect(suite?.cases[1]?.details).toBeUndefined();
    expect(suite?.cases[1]?.failureMessage).toBe("[CC_WAIT_TIMEOUT] lbIpAssigned: no IP after 60s (last: …)");
    expect(suite?.cases[3]?.skipReason).toBe("policy has no serviceSelector");
  });
  it("keeps when each test started (vitest's diagnostic startTime) as the case's startedAt, and none when vitest has none", () => {
    const started = Date.parse("2026-12-03T20:53:39.250Z");
    const module: ReportedModule = {
      moduleId: "/x/suites/lb-ipam.suite.ts",
      errors: () => [],
      children: {
        array: () => [
          { ...test("timed", { state: "passed" }), diagnostic: () => ({ duration: 5, startTime: started }) },
          test("untimed", { state: "passed" }),
        ],
      },
    };
    const [suite] = reportSuitesFromVitest([module]);
    expect(suite?.cases.map((c) => c.startedAt)).toEqual(["2026-12-03T20:53:39.250Z", undefined]);
  });

  it("drops chai's boolean comparison after the suite's own words from the one-line message, keeps it in the text", () => {
    const failing = (message: string) =>
      test("x", { state: "failed", errors: [{ message, name: "AssertionError" }] });
    const module: ReportedModule = {
      moduleId: "/x/suites/l2-announcements.suite.ts",
      errors: () => [],
      children: {
        array: () => [
          failing(
            "2 MACs answered: a (worker), b (worker2): expected false to be true // Object.is equality",
          ),
          failing("expected false to be true // Object.is equality"),
          failing("the Gateway has an address (previous test): expected undefined to be truthy"),
          failing(
            "the holder's MAC: expected '02:42:c0:a8:05:09' to be '02:42:c0:a8:05:08' // Object.is equality",
          ),
          failing("failed connectivity tests: expected [ 'no-policies' ] to deeply equal []"),
        ],
      },
    };
    const [suite] = reportSuitesFromVitest([module]);
    expect(suite?.cases.map((c) => c.failureMessage)).toEqual([
      "2 MACs answered: a (worker), b (worker2)",
      "expected false to be true // Object.is equality",
      "the Gateway has an address (previous test)",
      "the holder's MAC: expected '02:42:c0:a8:05:09' to be '02:42:c0:a8:05:08' // Object.is equality",
      "failed connectivity tests: expected [ 'no-policies' ] to deeply equal []",
    ]);
    expect(suite?.cases[0]?.failureText).toContain("expected false to be true");
  });

  it("turns a failed beforeAll into a broken case and explains the skipped tests", () => {
    const module: ReportedModule = {
      moduleId: "/x/suites/hubble.suite.ts",
      errors: () => [],
      children: {
        array: () => [
          {
            type: "suite",
            fullName: "Hubble",
            errors: () => [
              { message: "no ready Hubble Relay pod", code: "CC_ENV_HUBBLE_RELAY_NOT_FOUND", exitCode: 3 },
            ],
            children: { array: () => [test("relay", { state: "skipped" })] },
          },
        ],
      },
    };
    const cases = reportSuitesFromVitest([module])[0]?.cases ?? [];
    expect(cases[0]).toMatchObject({ name: "Hubble (hooks)", status: "broken", infrastructure: true });
    expect(cases[1]).toMatchObject({
      status: "skipped",
      skipReason: "not run: the suite's setup failed (see its hooks case)",
    });
  });
  it("ignores malformed figure annotations", () => {
    expect(
      figuresOf([
        { type: "cilium-conformance-figure", message: "{not json" },
        { type: "cilium-conformance-figure", message: '{"name":"x"}' },
      ]),
    ).toEqual([]);
  });
});
