import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isSetupCase, parseConnectivityJunit } from "../../src/connectivity/connectivity-junit.ts";
import { XmlSyntaxError } from "../../src/report/tolerant-xml-reader.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

describe("parseConnectivityJunit", () => {
  it("reads every testcase with its status, duration and properties", () => {
    const junit = parseConnectivityJunit(fixture("failed-with-duplicate-failure-messages.xml"));
    expect(junit.suiteName).toBe("connectivity test");
    expect(junit.timestamp).toBe("2026-11-20T03:12:44");
    expect(junit.properties.Args).toContain("--test-namespace cilium-test-1");
    expect(junit.cases.map((c) => [c.name, c.status, c.durationMs])).toEqual([
      ["no-policies", "passed", 21250],
      ["no-policies-extra", "passed", 9500],
      ["to-fqdns", "skipped", 0],
      ["client-egress-l7", "failed", 30400],
      ["check-log-errors", "failed", 22250],
    ]);
    expect(junit.cases[2]?.message).toBe("to-fqdns skipped");
  });

  it("keeps both duplicate failureMessage attributes and splits the failed actions", () => {
    const failed = parseConnectivityJunit(fixture("failed-with-duplicate-failure-messages.xml")).cases[3];
    expect(failed?.message).toBe("client-egress-l7 failed");
    expect(failed?.failureMessages).toEqual([
      'command "curl -w %{local_ip}:%{local_port} -> %{remote_ip}:%{remote_port} = %{response_code}" failed: exit status 28',
      "expected HTTP 200, got 403",
    ]);
    expect(failed?.failedActions).toEqual([
      {
        test: "client-egress-l7",
        scenario: "pod-to-pod",
        action: "curl-ipv4-2",
        peers:
          "cilium-test-1/client2-5f8c9b7d4-x2x9q (10.244.1.17) -> cilium-test-1/echo-other-node-6d8f7c9b5-jk2lp (10.244.2.33:8080)",
      },
      {
        test: "client-egress-l7",
        scenario: "pod-to-pod",
        action: "curl-ipv4-3",
        peers:
          "cilium-test-1/client2-5f8c9b7d4-x2x9q (10.244.1.17) -> cilium-test-1/echo-same-node-7c9d5b8f6-q8w4z (10.244.1.40:8080)",
      },
    ]);
  });

  it("reads the provisioning-failure shape", () => {
    const junit = parseConnectivityJunit(fixture("provisioning-only.xml"));
    expect(junit.cases).toHaveLength(1);
    expect(junit.cases[0]?.name).toBe("Infrastructure/Provisioning");
    expect(isSetupCase("Infrastructure/Provisioning")).toBe(true);
    expect(junit.cases[0]?.status).toBe("failed");
    expect(junit.cases[0]?.failureText).toMatch(/^unable to deploy echo-other-node/);
  });

  it("reads cilium-cli v0.19.7's setup case (connectivity/suite.go CollectFailure) as the setup case", () => {
    const junit = parseConnectivityJunit(fixture("setup-case-timeout.xml"));
    expect(junit.cases.map((c) => [c.name, c.status, c.message])).toEqual([
      ["connectivity test setup", "failed", "connectivity test setup failed"],
    ]);
    expect(isSetupCase("connectivity test setup")).toBe(true);
    expect(isSetupCase("no-policies")).toBe(false);
  });

  it("tolerates a missing <properties> and Go's layout string as timestamp", () => {
    const junit = parseConnectivityJunit(fixture("all-passed-older-format.xml"));
    expect(junit.properties).toEqual({});
    expect(junit.cases.every((c) => c.status === "passed")).toBe(true);
  });

  it("lets a <failure> element win over status=passed and never reads an unknown status as a pass", () => {
    const junit = parseConnectivityJunit(
      `<testsuite name="connectivity test"><testcase name="a" status="passed"><failure message="a failed">x/y:z</failure></testcase><testcase name="b" status="weird"/><testcase name="c"/></testsuite>`,
    );
    expect(junit.cases.map((c) => c.status)).toEqual(["failed", "failed", "passed"]);
  });

  it("throws an XmlSyntaxError for a file cut short by a crash", () => {
    expect(() => parseConnectivityJunit(fixture("truncated.xml"))).toThrow(XmlSyntaxError);
  });

  it("rejects a document that is not JUnit", () => {
    expect(() => parseConnectivityJunit("<html><body/></html>")).toThrow(/expected <testsuites>/);
  });
});
