// `cilium connectivity test` of the fake CLI against the API server double: what it deploys, the
// probes it execs, check-log-errors, the JUnit in v0.19.7's exact shape (checked against the
// encoder's golden output in ../shared/cilium-samples) and the --timeout / --test semantics.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectivityTestPhases,
  parseFilters,
  testEnabled,
} from "../../../../rehearsal/cilium-cli/connectivity/connectivity-test.ts";
import { parseCurlArgs, writeOut } from "../../../../rehearsal/cilium-cli/connectivity/images/curl.ts";
import { goFloat, junitXml } from "../../../../rehearsal/cilium-cli/connectivity/junit-report.ts";
import { logMarkers, uniqueFailures } from "../../../../rehearsal/cilium-cli/connectivity/log-errors.ts";
import { runCli } from "../../../../rehearsal/cilium-cli/run-cli.ts";
import { parseConnectivityJunit } from "../../../../src/connectivity/connectivity-junit.ts";
import { judge } from "../../../../src/connectivity/connectivity-runner.ts";
import type { FakeKubeApi } from "../../../support/fake-kube-api.ts";
import { recordingIo, startRehearsalApi } from "../../support/rehearsal-api.ts";
import { readSample } from "../../support/samples.ts";

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe("JUnit encoding", () => {
  it("writes encoding/xml's shape, byte for byte the encoder's golden output for the same suite", () => {
    // cilium-cli internal/junit junit_test.go suitesText, rebuilt through our writer: only the
    // suite's name/package/timestamp and the classname differ from the collector's, so swap them.
    const golden = readSample("connectivity-junit/cilium-cli-internal-junit_test__suitesText.xml");
    const ours = junitXml({
      args: [],
      timestamp: "2006-01-02T15:04:05Z07:00",
      cases: [
        { name: "test1", status: "passed", time: 7.7 },
        { name: "test2", status: "skipped", time: 0 },
        {
          name: "test3",
          status: "failed",
          time: 7,
          failure: {
            message: "test3 failed",
            failureMessages: ["failure message 1", "failure message 2"],
            text: "failure > expected",
          },
        },
      ],
    })
      .replace('name="connectivity test" id="0" package="cilium"', 'name="testSuite" id="0" package="test"')
      .replaceAll('classname="connectivity test"', 'classname="test"')
      .replace(/\n {10}<properties>[\s\S]*?<\/properties>/, "");
    expect(ours).toBe(golden);
  });

  it("formats floats as strconv 'g' -1 does", () => {
    expect([
      goFloat(0),
      goFloat(14.7),
      goFloat(123456),
      goFloat(1234567),
      goFloat(0.0001),
      goFloat(0.00001),
    ]).toEqual(["0", "14.7", "123456", "1.234567e+06", "0.0001", "1e-05"]);
  });

  it("is read back by the harness's own parser", () => {
    const xml = junitXml({
      args: ["--junit-file", "j.xml"],
      timestamp: "2026-12-03T10:00:00Z",
      cases: [
        {
          name: "check-log-errors",
          status: "failed",
          time: 1,
          failure: {
            message: "check-log-errors failed",
            failureMessages: ["x"],
            text: "check-log-errors/no-errors-in-logs:kind-c/kube-system/cilium-1 (cilium-agent)",
          },
        },
      ],
    });
    const parsed = parseConnectivityJunit(xml);
    expect(parsed.properties).toEqual({ Args: "--junit-file|j.xml" });
    expect(parsed.cases[0]?.failedActions[0]).toMatchObject({ test: "check-log-errors" });
  });
});

describe("filters and log check", () => {
  it("matches --test against <test>/<scenario>, skips win", () => {
    const filters = parseFilters(["no-policies", "!/pod-to-world"]);
    expect(testEnabled(filters, "no-policies/pod-to-pod")).toBe(true);
    expect(testEnabled(filters, "no-policies/pod-to-world")).toBe(false);
    expect(testEnabled(filters, "check-log-errors/no-errors-in-logs")).toBe(false);
    expect(testEnabled(parseFilters([]), "anything/x")).toBe(true);
  });

  it("groups error lines by msg, honours exceptions, and checks warnings only from 1.17", () => {
    const log = [
      'time=1 level=error msg="boom" subsys=x',
      'time=2 level=error msg="boom" subsys=x',
      'time=3 level=error msg="Failed to update lock: conflict"',
      'time=4 level=warn msg="careful"',
    ].join("\n");
    expect(uniqueFailures(log, logMarkers(18)).map((f) => [f.message, f.count])).toEqual([
      ["boom", 2],
      ["careful", 1],
    ]);
    expect(uniqueFailures(log, logMarkers(16)).map((f) => f.message)).toEqual(["boom"]);
  });
});

describe("curl", () => {
  it("takes the flags the connectivity test passes and fills -w", () => {
    const options = parseCurlArgs([
      "--silent",
      "--fail",
      "--show-error",
      "--connect-timeout",
      "2",
      "--max-time",
      "10",
      "-4",
      "-w",
      "%{local_ip}:%{local_port} -> %{remote_ip}:%{remote_port} = %{response_code}\n",
      "--output",
      "/dev/null",
      "http://10.0.0.1:8080",
    ]);
    expect(options).toMatchObject({
      silent: true,
      fail: true,
      connectTimeoutMs: 2000,
      maxTimeMs: 10000,
      family: 4,
      output: "/dev/null",
      urls: ["http://10.0.0.1:8080"],
    });
    expect(
      writeOut(options.writeOut ?? "", {
        status: 200,
        body: Buffer.alloc(0),
        local: { ip: "10.0.0.2", port: 4000 },
        remote: { ip: "10.0.0.1", port: 8080 },
      }),
    ).toBe("10.0.0.2:4000 -> 10.0.0.1:8080 = 200\n");
  });
});

const NS = "cilium-test-1";

async function cluster() {
  const started = await startRehearsalApi();
  api = started.api;
  const theApi = api;
  for (const [name, ip] of [
    ["kind-control-plane", "172.18.0.2"],
    ["kind-worker", "172.18.0.3"],
  ] as const) {
    theApi.put({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name },
      status: { addresses: [{ type: "InternalIP", address: ip }] },
    });
    theApi.put({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `cilium-${name}`,
        namespace: "kube-system",
        labels: { "k8s-app": "cilium", "app.kubernetes.io/part-of": "cilium" },
      },
      spec: {
        nodeName: name,
        containers: [{ name: "cilium-agent", image: "quay.io/cilium/cilium:v1.18.11@sha256:abc" }],
      },
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "cilium-agent",
            restartCount: 0,
            state: { running: { startedAt: "2026-12-03T09:00:00Z" } },
          },
        ],
      },
    });
  }
  return started;
}

/** What the controllers and kubelets would do: pods for the test workloads, ready statuses. */
function settleWorkloads(theApi: FakeKubeApi): void {
  for (const namespace of [NS, "cilium-test-2", "cilium-test-3"]) settleNamespace(theApi, namespace);
}

function settleNamespace(theApi: FakeKubeApi, NS: string): void {
  let ip = NS === "cilium-test-1" ? 10 : NS === "cilium-test-2" ? 30 : 50;
  for (const name of ["client", "client2", "echo-same-node", "echo-other-node"]) {
    const ref = { apiVersion: "apps/v1", kind: "Deployment", namespace: NS, name };
    const found = theApi.get(ref);
    if (!found) continue;
    theApi.mutate(ref, (object) => {
      (object as { status?: unknown }).status = { replicas: 1, readyReplicas: 1 };
    });
    const labels = (found as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec
      .template.metadata.labels;
    theApi.put({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `${name}-abc`, namespace: NS, labels },
      spec: {
        nodeName: name === "echo-other-node" ? "kind-control-plane" : "kind-worker",
        containers: [{ name, image: "x" }],
      },
      status: { phase: "Running", podIP: `10.244.1.${ip++}`, hostIP: "172.18.0.3" },
    });
  }
  const ds = { apiVersion: "apps/v1", kind: "DaemonSet", namespace: NS, name: "host-netns" };
  if (theApi.get(ds)) {
    theApi.mutate(ds, (object) => {
      (object as { status?: unknown }).status = { desiredNumberScheduled: 1, numberReady: 1 };
    });
    theApi.put({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `host-netns-${NS.slice(-1)}`,
        namespace: NS,
        labels: { name: "host-netns", kind: "host-netns", other: "host-netns" },
      },
      spec: { nodeName: "kind-worker", hostNetwork: true, containers: [{ name: "host-netns", image: "x" }] },
      status: { phase: "Running", podIP: "172.18.0.3", hostIP: "172.18.0.3" },
    });
  }
}

/** A cluster whose pods answer every probe, the execs it saw, a JUnit path and an io that settles workloads. */
async function connectivityScene() {
  const { kubeconfig } = await cluster();
  const theApi = api as FakeKubeApi;
  const execs: string[][] = [];
  theApi.onExec((call) => {
    execs.push(call.command);
    const target = call.command[call.command.length - 1] ?? "";
    return { stdout: `10.244.1.10:40000 -> ${target} = 200\n`, stderr: "", exitCode: 0 };
  });
  const junit = join(mkdtempSync(join(tmpdir(), "cc-conn-")), "junit.xml");
  const io = recordingIo({ KUBECONFIG: kubeconfig });
  const origSleep = io.sleep;
  io.sleep = async (ms, signal) => {
    settleWorkloads(theApi);
    await origSleep(ms, signal);
  };
  return { theApi, execs, junit, io };
}

describe("tests per namespace (builder.go GetTestSuites, injectTests)", () => {
  it("runs every test in <base>-1 at concurrency 1, in one phase", () => {
    expect(connectivityTestPhases(1)).toEqual([
      [["no-policies", "no-policies-from-outside", "no-policies-extra", "check-log-errors"]],
    ]);
  });

  it("deals the concurrent tests round-robin, each once, then check-log-errors alone in <base>-1", () => {
    expect(connectivityTestPhases(2)).toEqual([
      [["no-policies", "no-policies-extra"], ["no-policies-from-outside"]],
      [["check-log-errors"], []],
    ]);
    expect(connectivityTestPhases(4)).toEqual([
      [["no-policies"], ["no-policies-from-outside"], ["no-policies-extra"], []],
      [["check-log-errors"], [], [], []],
    ]);
  });
});

/** The internet-bound scenarios filtered out, as part of what the harness's --offline passes. */
const OFFLINE = "!/pod-to-world,!/pod-to-cidr";

/** `cilium connectivity test` in kube-system writing its JUnit to `junit`, then `extra`. */
function connectivityTest(junit: string, ...extra: string[]): string[] {
  return ["connectivity", "test", "--namespace", "kube-system", "--junit-file", junit, ...extra];
}

describe("cilium connectivity test", () => {
  it("deploys <base>-1, probes through exec, fails check-log-errors on an error line, and writes the JUnit", async () => {
    const { theApi, execs, junit, io } = await connectivityScene();
    theApi.setPodLog("kube-system", "cilium-kind-worker", "cilium-agent", [
      {
        time: new Date(Date.parse("2026-12-03T11:00:00Z")),
        text: 'time=x level=error msg="Something broke" subsys=daemon',
      },
    ]);
    const code = await runCli(
      connectivityTest(junit, "--test", OFFLINE, "--exit-zero-on-failure", "--log-check-only-test-time"),
      io,
    );
    expect(io.err).toBe("");
    expect(code).toBe(0);
    const namespace = theApi.get({ apiVersion: "v1", kind: "Namespace", name: NS }) as {
      metadata: { labels: Record<string, string> };
    };
    expect(namespace.metadata.labels).toEqual({ "app.kubernetes.io/name": "cilium-cli" });
    expect(execs.some((command) => command[0] === "curl" && command.includes("--fail"))).toBe(true);
    const parsed = parseConnectivityJunit(readFileSync(junit, "utf8"));
    expect(parsed.properties.Args).toBe(
      `--namespace|kube-system|--junit-file|${junit}|--test|!/pod-to-world,!/pod-to-cidr|--exit-zero-on-failure|--log-check-only-test-time`,
    );
    expect(parsed.cases.map((c) => [c.name, c.status])).toEqual([
      ["no-policies", "passed"],
      ["no-policies-from-outside", "skipped"],
      ["no-policies-extra", "passed"],
      ["check-log-errors", "failed"],
    ]);
    expect(parsed.cases[3]?.failureText).toContain(
      "check-log-errors/no-errors-in-logs:kind-cc-test/kube-system/cilium-kind-worker (cilium-agent)",
    );
    expect(parsed.cases[3]?.failureMessages[0]).toContain("Something broke");
    expect(io.out).toContain("📋 Test Report [cilium-test-1]");
  });

  it("with --test-concurrency 2 runs each test once, in the namespace it was dealt to, and lists it once in the JUnit", async () => {
    const { junit, io } = await connectivityScene();
    const code = await runCli(connectivityTest(junit, "--test-concurrency", "2", "--test", OFFLINE), io);
    expect(io.err).toBe("");
    expect(code).toBe(0);
    const parsed = parseConnectivityJunit(readFileSync(junit, "utf8"));
    // JUnitCollector.Collect: phase by phase, namespace by namespace.
    expect(parsed.cases.map((c) => [c.name, c.status])).toEqual([
      ["no-policies", "passed"],
      ["no-policies-extra", "passed"],
      ["no-policies-from-outside", "skipped"],
      ["check-log-errors", "passed"],
    ]);
    const progress = io.out.split("\n").filter((line) => line.startsWith("[=] "));
    expect(progress).toEqual([
      "[=] [cilium-test-1] Test [no-policies] [1/2]",
      "[=] [cilium-test-2] Skipping test [no-policies-from-outside] [1/1] (Feature node-without-cilium is disabled)",
      "[=] [cilium-test-1] Test [no-policies-extra] [2/2]",
      "[=] [cilium-test-1] Test [check-log-errors] [1/1]",
    ]);
  });

  it("never probes an internet target (the network rule): without --offline's filters those actions fail, naming why", async () => {
    const { execs, junit, io } = await connectivityScene();
    await runCli(connectivityTest(junit, "--test", "^no-policies/"), io);
    const probed = execs.map((command) => command.join(" "));
    expect(probed.length).toBeGreaterThan(0);
    expect(probed.filter((command) => /one\.one\.one\.one|1\.1\.1\.1|1\.0\.0\.1/.test(command))).toEqual([]);
    const parsed = parseConnectivityJunit(readFileSync(junit, "utf8"));
    const noPolicies = parsed.cases.find((c) => c.name === "no-policies");
    expect(noPolicies?.status).toBe("failed");
    expect(noPolicies?.failureText).toContain("pod-to-world");
    expect(noPolicies?.failureMessages.join("\n")).toContain(
      "(outside its docker networks); run with --offline",
    );
  });

  it("leaves only the setup case when --timeout runs out before the workloads are ready, and exits 1", async () => {
    const { kubeconfig } = await cluster();
    const dir = mkdtempSync(join(tmpdir(), "cc-conn-"));
    const junit = join(dir, "junit.xml");
    const io = recordingIo({ KUBECONFIG: kubeconfig });
    const code = await runCli(["connectivity", "test", "--junit-file", junit, "--timeout", "1s"], io);
    expect(code).toBe(1);
    expect(io.err).toBe("context deadline exceeded\n");
    const parsed = parseConnectivityJunit(readFileSync(junit, "utf8"));
    expect(parsed.cases.map((c) => [c.name, c.status, c.failureText])).toEqual([
      ["connectivity test setup", "failed", "context deadline exceeded"],
    ]);
  });

  it("under connectivity-cli-crash panics as Go does once set up: the trace on stderr, exit 2, no JUnit", async () => {
    const { kubeconfig } = await cluster();
    const theApi = api as FakeKubeApi;
    const dir = mkdtempSync(join(tmpdir(), "cc-conn-"));
    const junit = join(dir, "junit.xml");
    const io = recordingIo({ KUBECONFIG: kubeconfig }, ["connectivity-cli-crash"]);
    const origSleep = io.sleep;
    io.sleep = async (ms, signal) => {
      settleWorkloads(theApi);
      await origSleep(ms, signal);
    };
    const args = ["connectivity", "test", "--namespace", "kube-system", "--junit-file", junit];
    const code = await runCli(args, io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/^panic: runtime error: .*\n[\s\S]*goroutine 1 \[running\]:/);
    expect(existsSync(junit)).toBe(false);
    // The harness's judgement of such a run: an infrastructure failure naming the exit and the missing JUnit.
    const outcome = judge({
      xml: undefined,
      exitCode: code,
      crash: undefined,
      durationMs: 1,
      command: "cilium",
      junitFile: junit,
    });
    expect(outcome.kind).toBe("infrastructure");
    expect(outcome.kind === "infrastructure" && outcome.reason).toMatch(/exited 2 and wrote no JUnit file/);
  });
});
