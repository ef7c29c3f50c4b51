// `cilium connectivity test` as cilium-cli v0.19.7 runs it (vendored cilium/cilium cilium-cli:
// cli/connectivity.go RunE, connectivity/suite.go Run, check/context.go, check/test.go), over a
// representative subset of its tests, with real probes through the double:
// - one ConnectivityTest per namespace `<--test-namespace>-<n>` (n = 1..--test-concurrency), each
//   deploying its workloads (connectivity-objects.ts) and waiting for them;
// - the tests dealt to the namespaces as builder/builder.go does (connectivityTestPhases: each test
//   runs once; above concurrency 1 the concurrent tests round-robin, then check-log-errors alone in
//   the first namespace), run in the builder's order within a namespace, each skipped when every scenario is filtered out by --test
//   (Go regexps, `!` skips, matched against "<test>/<scenario>"), or when the cluster lacks what it
//   needs; scenarios run actions: `curl` / `ping` exec'd into the client pods (their exit code and
//   the -w line decide), check-log-errors reading the Cilium pods' logs (since the test's build
//   time with --log-check-only-test-time);
// - a failed test collects a sysdump with --collect-sysdump-on-failure (once for check-log-errors);
// - the JUnit (junit-report.ts) once the tests ran; when the run ends early (setup failure, or the
//   --timeout context expiring, even mid-test) only the synthetic "connectivity test setup" case;
// - exit 1 on failed tests unless --exit-zero-on-failure, and on any run error.
// The subset: no-policies (pod-to-pod, client-to-client, pod-to-service, pod-to-world, pod-to-host,
// host-to-pod, pod-to-cidr), no-policies-from-outside (skipped: no node without Cilium),
// no-policies-extra (pod-to-remote-nodeport, pod-to-local-nodeport), check-log-errors.

import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Obj } from "../../k8s/kube-objects.ts";
import { KubeApiError } from "../../k8s/kube-rest-client.ts";
import { podExec } from "../../k8s/pod-exec.ts";
import { CliError, type CliSession } from "../cli-session.ts";
import { type FlagSpec, flagOf } from "../command-line.ts";
import { collectSysdump } from "../sysdump/sysdump.ts";
import { connectivityObjects, WORKLOADS } from "./connectivity-objects.ts";
import { type JunitCase, junitXml, rfc3339 } from "./junit-report.ts";
import { logFailureText, logMarkers, uniqueFailures } from "./log-errors.ts";

export const CONNECTIVITY_FLAGS: FlagSpec[] = [
  { name: "test", kind: "stringSlice" },
  { name: "test-namespace", kind: "string" },
  { name: "test-concurrency", kind: "int" },
  { name: "junit-file", kind: "string" },
  { name: "junit-property", kind: "stringArray" },
  { name: "timeout", kind: "duration" },
  { name: "exit-zero-on-failure", kind: "bool" },
  { name: "log-check-only-test-time", kind: "bool" },
  { name: "collect-sysdump-on-failure", kind: "bool" },
  { name: "sysdump-output-filename", kind: "string" },
  { name: "flow-validation", kind: "string" },
  { name: "service-type", kind: "string" },
  { name: "external-target", kind: "string" },
  { name: "external-ip", kind: "string" },
  { name: "connect-timeout", kind: "duration" },
  { name: "request-timeout", kind: "duration" },
  { name: "hubble", kind: "bool" },
  { name: "debug", short: "d", kind: "bool" },
  { name: "verbose", short: "v", kind: "bool" },
  { name: "single-node", kind: "bool" },
  { name: "force-deploy", kind: "bool" },
];

/** The connectivity test's faults (issue 12). */
export const CONNECTIVITY_FAULTS = {
  /** One action of pod-to-pod fails (as if a curl timed out). */
  oneTestFails: "connectivity-one-test-failing",
  /** Setup never completes: the run ends as --timeout does, with only the setup case. */
  setupTimeout: "connectivity-setup-timeout",
  /** No JUnit file is written. */
  noJunit: "connectivity-no-junit",
  /** The CLI panics once its tests are set up: Go's panic trace on stderr, exit 2, no JUnit. */
  crash: "connectivity-cli-crash",
} as const;

/**
 * What an unrecovered Go panic prints before the process exits with status 2 (go runtime/panic.go
 * fatalpanic → printpanics, then exit(2)); the goroutine trace is abridged.
 */
export const GO_PANIC_TRACE = [
  "panic: runtime error: invalid memory address or nil pointer dereference",
  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x2a1c3f4]",
  "",
  "goroutine 1 [running]:",
  "github.com/cilium/cilium/cilium-cli/connectivity/check.(*ConnectivityTest).Run(...)",
  "",
].join("\n");

class DeadlineExceeded extends Error {
  constructor() {
    super("context deadline exceeded");
  }
}

interface Peer {
  name: string;
  address: string;
  port?: number;
}

interface ActionResult {
  name: string;
  failed: boolean;
  failureMessage?: string;
  text: string;
}

interface TestResult {
  name: string;
  skipped: boolean;
  started: Date;
  completed: Date;
  actions: ActionResult[];
  failed: boolean;
}

interface PodInfo {
  name: string;
  namespace: string;
  ip: string;
  node: string;
  hostIp: string;
  labels: Record<string, string>;
  container: string;
}

interface Filters {
  run: RegExp[];
  skip: RegExp[];
}

export function parseFilters(tests: readonly string[]): Filters {
  const filters: Filters = { run: [], skip: [] };
  for (const test of tests) {
    const negated = test.startsWith("!");
    let regex: RegExp;
    try {
      regex = new RegExp(negated ? test.slice(1) : test);
    } catch (error) {
      throw new CliError(`test filter: ${(error as Error).message}`);
    }
    (negated ? filters.skip : filters.run).push(regex);
  }
  return filters;
}

/** Parameters.testEnabled, applied to "<test>/<scenario>". */
export function testEnabled(filters: Filters, name: string): boolean {
  if (filters.skip.some((re) => re.test(name))) return false;
  if (filters.run.some((re) => re.test(name))) return true;
  return filters.run.length === 0;
}

export async function connectivityTestCommand(session: CliSession, argv: readonly string[]): Promise<number> {
  const { parsed, io } = session;
  const filters = parseFilters(flagOf(parsed, "test", [] as string[]));
  const base = flagOf(parsed, "test-namespace", "cilium-test");
  const concurrency = Math.max(1, flagOf(parsed, "test-concurrency", 1));
  const junitFile = flagOf(parsed, "junit-file", "");
  const timeoutMs = flagOf(parsed, "timeout", 0);
  const exitZero = flagOf(parsed, "exit-zero-on-failure", false);
  const logCheckOnlyTestTime = flagOf(parsed, "log-check-only-test-time", false);
  const sysdumpOnFailure = flagOf(parsed, "collect-sysdump-on-failure", false);
  const sysdumpName = flagOf(parsed, "sysdump-output-filename", "cilium-sysdump-<ts>");
  const serviceType = flagOf(parsed, "service-type", "NodePort");
  const externalTarget = flagOf(parsed, "external-target", "one.one.one.one.");
  const externalIp = flagOf(parsed, "external-ip", "1.1.1.1");
  const cluster = session.connection.clusterName ?? session.connection.context ?? "";
  const log = (line: string) => io.stdout(`${line}\n`);

  const abort = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
  const check = () => {
    if (abort.signal.aborted) throw new DeadlineExceeded();
  };
  const sleep = async (ms: number) => {
    await io.sleep(ms, abort.signal);
    check();
  };

  // One entry per ConnectivityTest and suite phase, in the order JUnitCollector.Collect sees them.
  const results: { namespace: string; tests: TestResult[] }[] = [];
  let runError: Error | undefined;
  try {
    // setupConnectivityTests: every namespace in parallel.
    const namespaces = Array.from({ length: concurrency }, (_, i) => `${base}-${i + 1}`);
    const setups = await Promise.all(
      namespaces.map((namespace) => setup(session, namespace, serviceType, cluster, log, sleep, check)),
    );
    const ciliumVersion = await agentVersion(session);
    log(`ℹ️  Cilium version: ${ciliumVersion}`);
    if (io.hasFault(CONNECTIVITY_FAULTS.crash)) {
      io.stderr(GO_PANIC_TRACE);
      return 2;
    }
    const [major = 1, minor = 18] = ciliumVersion.split(".").map(Number);
    const runTests = async (index: number, tests: readonly string[]): Promise<TestResult[]> => {
      const namespace = namespaces[index] as string;
      const env = setups[index] as TestEnv;
      log(`🏃[${namespace}] Running ${tests.length} tests ...`);
      const testResults: TestResult[] = [];
      // checkLogErrors{}.build: the start time is taken when the tests are built.
      const logsSince = logCheckOnlyTestTime ? io.now() : undefined;
      for (const [position, test] of tests.entries()) {
        check();
        const scenarios = SCENARIOS[test] ?? [];
        const started = io.now();
        const enabled = scenarios.filter((scenario) => testEnabled(filters, `${test}/${scenario}`));
        let skipReason: string | undefined;
        if (test === "no-policies-from-outside") skipReason = "Feature node-without-cilium is disabled";
        else if (enabled.length === 0) skipReason = "skipped by user";
        if (skipReason) {
          log(`[=] [${namespace}] Skipping test [${test}] [${position + 1}/${tests.length}] (${skipReason})`);
          testResults.push({
            name: test,
            skipped: true,
            started,
            completed: started,
            actions: [],
            failed: false,
          });
          continue;
        }
        log(`[=] [${namespace}] Test [${test}] [${position + 1}/${tests.length}]`);
        const actions: ActionResult[] = [];
        for (const scenario of enabled) {
          check();
          actions.push(
            ...(await runScenario(session, env, test, scenario, {
              externalTarget,
              externalIp,
              logsSince,
              minor: major > 1 ? 99 : minor,
              cluster,
              check,
            })),
          );
        }
        const failed = actions.some((action) => action.failed);
        const result = { name: test, skipped: false, started, completed: io.now(), actions, failed };
        testResults.push(result);
        if (failed) {
          for (const action of actions.filter((a) => a.failed))
            log(`  ❌ ${action.text}${action.failureMessage ? `: ${action.failureMessage}` : ""}`);
          // Test.Fail → collectSysdump (SysdumpPolicyEach; check-log-errors is SysdumpPolicyOnce).
          if (sysdumpOnFailure) {
            const file = await collectSysdump(session, { outputFileName: sysdumpName, now: io.now() }).catch(
              (error: unknown) => {
                log(`❌ Failed to collect sysdump: ${(error as Error).message}`);
                return undefined;
              },
            );
            if (file) log(`🗳 Compiling sysdump\n✅ The sysdump has been saved to ${file}`);
          }
        }
      }
      return testResults;
    };
    // suite.go Run: each phase's tests, every ConnectivityTest in parallel, then collected in order.
    for (const phase of connectivityTestPhases(concurrency)) {
      // A ConnectivityTest with no test in this phase neither prints nor runs (PrintTestInfo, Run).
      const ran = await Promise.all(
        phase.map((tests, index) => (tests.length > 0 ? runTests(index, tests) : Promise.resolve([]))),
      );
      for (const [index, tests] of ran.entries())
        if (tests.length > 0) results.push({ namespace: namespaces[index] as string, tests });
    }
  } catch (error) {
    runError = error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
  }

  // JUnitCollector: Collect after the tests ran; CollectFailure when nothing was collected.
  const cases: JunitCase[] = [];
  if (!runError) {
    for (const { tests: testResults } of results) {
      for (const test of testResults) {
        const time = (test.completed.getTime() - test.started.getTime()) / 1000;
        if (test.skipped) cases.push({ name: test.name, status: "skipped", time: 0 });
        else if (test.failed) {
          const failedActions = test.actions.filter((a) => a.failed);
          cases.push({
            name: test.name,
            status: "failed",
            time,
            failure: {
              message: `${test.name} failed`,
              failureMessages: failedActions.flatMap((a) => (a.failureMessage ? [a.failureMessage] : [])),
              text: failedActions.map((a) => a.text).join("\n"),
            },
          });
        } else cases.push({ name: test.name, status: "passed", time });
      }
    }
  }
  if (cases.length === 0 && runError) {
    cases.push({
      name: "connectivity test setup",
      status: "failed",
      time: 0,
      failure: { message: "connectivity test setup failed", failureMessages: [], text: runError.message },
    });
  }
  // JUnitCollector.Collect: the suite's timestamp is the first collected test's start.
  const firstStart = results[0]?.tests[0]?.started;
  if (junitFile && cases.length > 0 && !io.hasFault(CONNECTIVITY_FAULTS.noJunit)) {
    const xml = junitXml({
      // JUnitCollector: the "Args" property is os.Args[3:] (after "cilium connectivity test").
      args: argv.slice(3),
      timestamp: runError || !firstStart ? "" : rfc3339(firstStart),
      cases,
    });
    mkdirSync(dirname(junitFile), { recursive: true });
    const temporary = `${junitFile}.tmp-${process.pid}`;
    writeFileSync(temporary, xml, { mode: 0o644 });
    renameSync(temporary, junitFile);
  }

  if (runError) {
    if (runError instanceof DeadlineExceeded)
      log(
        `Cancellation request (connectivity test suite timeout (${timeoutMs / 1000}s) reached) received, cancelling tests...`,
      );
    throw new CliError(runError.message);
  }
  let failedTests = 0;
  for (const { namespace, tests: testResults } of results) {
    const ran = testResults.filter((t) => !t.skipped);
    const failed = ran.filter((t) => t.failed);
    const actions = ran.reduce((sum, t) => sum + t.actions.length, 0);
    const skipped = testResults.length - ran.length;
    if (failed.length > 0) {
      failedTests += failed.length;
      log(`\n📋 Test Report [${namespace}]`);
      log(
        `❌ ${failed.length}/${ran.length} tests failed (${failed.reduce((sum, t) => sum + t.actions.filter((a) => a.failed).length, 0)}/${actions} actions), ${skipped} tests skipped, 0 scenarios skipped:`,
      );
      for (const test of failed) {
        log(`Test [${test.name}]:`);
        for (const action of test.actions.filter((a) => a.failed))
          log(
            action.failureMessage ? `  🟥 ${action.text}: ${action.failureMessage}` : `  ❌ ${action.text}`,
          );
      }
    } else {
      log(
        `✅ [${namespace}] All ${ran.length} tests (${actions} actions) successful, ${skipped} tests skipped, 0 scenarios skipped.`,
      );
    }
  }
  if (failedTests > 0 && !exitZero) throw new CliError(`[${base}-1] ${failedTests} tests failed`);
  return 0;
}

/**
 * Which tests each ConnectivityTest (namespace `<base>-<n>`) runs, per suite phase, as cilium-cli
 * v0.19.7 builds them (vendored cilium/cilium cilium-cli/connectivity/builder/builder.go
 * GetTestSuites and injectTests): with --test-concurrency 1 one phase, every test in `<base>-1`;
 * above 1, the concurrent tests dealt round-robin over the namespaces (each test runs once, in one
 * namespace), then a second phase of the final tests (check-log-errors) in `<base>-1` alone.
 * The result: phases, each a list of test names per namespace index.
 */
export function connectivityTestPhases(concurrency: number): string[][][] {
  const count = Math.max(1, Math.floor(concurrency));
  const concurrent = TEST_NAMES.filter((name) => !FINAL_TESTS.has(name));
  const final = TEST_NAMES.filter((name) => FINAL_TESTS.has(name));
  if (count === 1) return [[[...concurrent, ...final]]];
  const dealt: string[][] = Array.from({ length: count }, () => []);
  for (const [index, name] of concurrent.entries()) dealt[index % count]?.push(name);
  return [dealt, [final, ...Array.from({ length: count - 1 }, () => [])]];
}

/** builder.go finalTests: run last, in the first namespace only. */
const FINAL_TESTS: ReadonlySet<string> = new Set(["check-log-errors"]);

export const TEST_NAMES = [
  "no-policies",
  "no-policies-from-outside",
  "no-policies-extra",
  "check-log-errors",
];

/** Scenarios whose targets are on the internet (external-target, external-ip/cidr). */
export const OUTSIDE_THE_REHEARSAL: ReadonlySet<string> = new Set(["pod-to-world", "pod-to-cidr"]);

const SCENARIOS: Record<string, string[]> = {
  "no-policies": [
    "pod-to-pod",
    "client-to-client",
    "pod-to-service",
    "pod-to-world",
    "pod-to-host",
    "host-to-pod",
    "pod-to-cidr",
  ],
  "no-policies-from-outside": ["from-outside-to-nodeport"],
  "no-policies-extra": ["pod-to-remote-nodeport", "pod-to-local-nodeport"],
  "check-log-errors": ["no-errors-in-logs"],
};

interface TestEnv {
  namespace: string;
  clients: PodInfo[];
  echoes: PodInfo[];
  hostNetns: PodInfo[];
  services: { name: string; clusterIp: string; nodePort?: number }[];
  nodes: { name: string; ip: string }[];
}

async function setup(
  session: CliSession,
  namespace: string,
  serviceType: string,
  cluster: string,
  log: (line: string) => void,
  sleep: (ms: number) => Promise<void>,
  check: () => void,
): Promise<TestEnv> {
  const { objects, io } = session;
  if (io.hasFault(CONNECTIVITY_FAULTS.setupTimeout)) {
    // The echo Deployments never become ready: only --timeout ends the wait.
    for (;;) await sleep(1000);
  }
  for (const object of connectivityObjects(namespace, serviceType)) {
    check();
    const ref = {
      apiVersion: object.apiVersion as string,
      kind: object.kind as string,
      name: object.metadata.name,
      namespace: object.metadata.namespace,
    };
    const existing = await objects.get(ref);
    if (existing) continue;
    if (object.kind === "Namespace")
      log(`✨ [${cluster}] Creating namespace ${namespace} for connectivity check...`);
    else if (object.kind === "Deployment")
      log(`✨ [${cluster}] Deploying ${object.metadata.name} deployment...`);
    else if (object.kind === "Service") log(`✨ [${cluster}] Deploying ${object.metadata.name} service...`);
    else if (object.kind === "DaemonSet")
      log(`✨ [${cluster}] Deploying ${object.metadata.name} daemonset...`);
    await objects.create(object).catch((error: unknown) => {
      if (!(error instanceof KubeApiError && error.code === 409))
        throw new Error(
          `unable to create ${String(object.kind).toLowerCase()} ${object.metadata.name} in namespace ${namespace}: ${(error as Error).message}`,
        );
    });
  }
  // WaitForDeployment / WaitForDaemonSet (check/wait.go): poll until ready.
  for (const name of WORKLOADS) {
    log(`⌛ [${cluster}] Waiting for deployment ${namespace}/${name} to become ready...`);
    for (;;) {
      check();
      const deployment = (await objects.get({
        apiVersion: "apps/v1",
        kind: "Deployment",
        namespace,
        name,
      })) as (Obj & { spec?: { replicas?: number }; status?: { readyReplicas?: number } }) | undefined;
      if (deployment && (deployment.status?.readyReplicas ?? 0) >= (deployment.spec?.replicas ?? 1)) break;
      await sleep(1000);
    }
  }
  log(`⌛ [${cluster}] Waiting for DaemonSet ${namespace}/host-netns to become ready...`);
  for (;;) {
    check();
    const ds = (await objects.get({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      namespace,
      name: "host-netns",
    })) as (Obj & { status?: { numberReady?: number; desiredNumberScheduled?: number } }) | undefined;
    if (
      ds &&
      (ds.status?.desiredNumberScheduled ?? 0) > 0 &&
      ds.status?.numberReady === ds.status?.desiredNumberScheduled
    )
      break;
    await sleep(1000);
  }
  const pods = (await objects.list({ apiVersion: "v1", kind: "Pod", namespace })).items as (Obj & {
    spec?: { nodeName?: string; containers?: { name: string }[] };
    status?: { podIP?: string; hostIP?: string; phase?: string };
  })[];
  const info = (pod: (typeof pods)[number]): PodInfo => ({
    name: pod.metadata.name,
    namespace,
    ip: pod.status?.podIP ?? "",
    node: pod.spec?.nodeName ?? "",
    hostIp: pod.status?.hostIP ?? "",
    labels: pod.metadata.labels ?? {},
    container: pod.spec?.containers?.[0]?.name ?? "",
  });
  const running = pods
    .filter((pod) => pod.status?.phase === "Running" && !pod.metadata.deletionTimestamp)
    .map(info);
  const services = await Promise.all(
    ["echo-same-node", "echo-other-node"].map(async (name) => {
      const svc = (await objects.get({ apiVersion: "v1", kind: "Service", namespace, name })) as
        | (Obj & { spec?: { clusterIP?: string; ports?: { nodePort?: number }[] } })
        | undefined;
      return {
        name,
        clusterIp: svc?.spec?.clusterIP ?? "",
        ...(svc?.spec?.ports?.[0]?.nodePort ? { nodePort: svc.spec.ports[0].nodePort } : {}),
      };
    }),
  );
  const nodes = (
    (await objects.list({ apiVersion: "v1", kind: "Node" })).items as (Obj & {
      status?: { addresses?: { type: string; address: string }[] };
    })[]
  ).map((node) => ({
    name: node.metadata.name,
    ip: node.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "",
  }));
  return {
    namespace,
    clients: running.filter((pod) => pod.labels.kind === "client"),
    echoes: running.filter((pod) => pod.labels.kind === "echo"),
    hostNetns: running.filter((pod) => pod.labels.kind === "host-netns"),
    services,
    nodes,
  };
}

async function agentVersion(session: CliSession): Promise<string> {
  const pods = await session.objects.list({
    apiVersion: "v1",
    kind: "Pod",
    namespace: session.namespace,
    labelSelector: "k8s-app=cilium",
  });
  const image =
    (
      (pods.items[0]?.spec as { containers?: { image?: string }[] } | undefined)?.containers?.[0]?.image ?? ""
    ).split("@")[0] ?? "";
  const tag = /:v?(\d+\.\d+\.\d+[^:]*)$/.exec(image)?.[1];
  if (!tag)
    throw new Error(
      `unable to detect Cilium version: no Cilium agent pods found in namespace ${session.namespace}`,
    );
  return tag;
}

interface ScenarioOptions {
  externalTarget: string;
  externalIp: string;
  logsSince: Date | undefined;
  minor: number;
  cluster: string;
  check: () => void;
}

const CURL_W = "%{local_ip}:%{local_port} -> %{remote_ip}:%{remote_port} = %{response_code}\n";

function curl(url: string, extra: string[] = []): string[] {
  // CurlCommand: --connect-timeout 2 --max-time 10 are the defaults of --connect-timeout/--request-timeout.
  return [
    "curl",
    "--silent",
    "--fail",
    "--show-error",
    "--connect-timeout",
    "2",
    "--max-time",
    "10",
    "-4",
    "-w",
    CURL_W,
    "--output",
    "/dev/null",
    ...extra,
    url,
  ];
}

async function runScenario(
  session: CliSession,
  env: TestEnv,
  test: string,
  scenario: string,
  options: ScenarioOptions,
): Promise<ActionResult[]> {
  const out: ActionResult[] = [];
  const sn = `${test}/${scenario}`;
  const action = async (name: string, source: PodInfo, destination: Peer, command: string[]) => {
    options.check();
    const text = `${sn}:${name}: ${source.namespace}/${source.name} (${source.ip}) -> ${destination.name} (${destination.address}:${destination.port ?? 0})`;
    if (OUTSIDE_THE_REHEARSAL.has(scenario)) {
      // The rehearsal sends no packet outside the docker networks it created (the project's
      // network rule): an internet target is never probed, and the action fails saying so. A run
      // against the double passes --offline, which skips these tests as on a real offline cluster.
      out.push({
        name,
        failed: true,
        text,
        failureMessage: `the rehearsal does not send packets to ${destination.address} (outside its docker networks); run with --offline`,
      });
      return;
    }
    const result = await podExec(session.connection, {
      namespace: source.namespace,
      pod: source.name,
      container: source.container,
      command,
      timeoutMs: 15_000,
    }).catch((error: unknown) => ({
      exitCode: -1,
      stdout: "",
      stderr: "",
      failure: (error as Error).message,
    }));
    let failed = result.exitCode !== 0;
    if (
      session.io.hasFault(CONNECTIVITY_FAULTS.oneTestFails) &&
      test === "no-policies" &&
      scenario === "pod-to-pod" &&
      out.length === 0
    )
      failed = true;
    out.push({
      name,
      failed,
      text,
      ...(failed
        ? {
            failureMessage: `command "${command.join(" ")}" failed: ${"failure" in result && result.failure ? result.failure : `command terminated with exit code ${result.exitCode}`}`,
          }
        : {}),
    });
  };
  const echoPeer = (echo: PodInfo): Peer => ({
    name: `${echo.namespace}/${echo.name}`,
    address: echo.ip,
    port: 8080,
  });
  switch (scenario) {
    case "pod-to-pod": {
      let i = 0;
      for (const client of env.clients)
        for (const echo of env.echoes)
          await action(`curl-ipv4-${i++}`, client, echoPeer(echo), curl(`http://${echo.ip}:8080`));
      break;
    }
    case "client-to-client": {
      let i = 0;
      for (const source of env.clients) {
        for (const destination of env.clients) {
          if (source.name === destination.name) continue;
          await action(
            `ping-ipv4-${i++}`,
            source,
            { name: `${destination.namespace}/${destination.name}`, address: destination.ip },
            ["ping", "-c", "1", "-W", "2", destination.ip],
          );
        }
      }
      break;
    }
    case "pod-to-service": {
      let i = 0;
      for (const client of env.clients) {
        for (const service of env.services) {
          const address = `${service.name}.${env.namespace}`;
          await action(
            `curl-${i++}`,
            client,
            { name: `${env.namespace}/${service.name}`, address, port: 8080 },
            curl(`http://${address}:8080`),
          );
        }
      }
      break;
    }
    case "pod-to-world": {
      let i = 0;
      for (const client of env.clients) {
        await action(
          `http-to-${options.externalTarget}-${i}`,
          client,
          { name: options.externalTarget, address: options.externalTarget, port: 80 },
          curl(`http://${options.externalTarget}:80`),
        );
        await action(
          `https-to-${options.externalTarget}-${i++}`,
          client,
          { name: options.externalTarget, address: options.externalTarget, port: 443 },
          curl(`https://${options.externalTarget}:443`),
        );
      }
      break;
    }
    case "pod-to-cidr": {
      let i = 0;
      for (const client of env.clients)
        await action(
          `external-${i++}`,
          client,
          { name: `external-${options.externalIp}`, address: options.externalIp, port: 443 },
          curl(`https://${options.externalIp}:443`, ["--insecure"]),
        );
      break;
    }
    case "pod-to-host": {
      let i = 0;
      for (const client of env.clients) {
        for (const node of env.nodes)
          await action(`ping-ipv4-internal-ip-${i++}`, client, { name: node.name, address: node.ip }, [
            "ping",
            "-c",
            "1",
            "-W",
            "2",
            node.ip,
          ]);
      }
      break;
    }
    case "host-to-pod": {
      let i = 0;
      for (const host of env.hostNetns)
        for (const echo of env.echoes)
          await action(`curl-ipv4-${i++}`, host, echoPeer(echo), curl(`http://${echo.ip}:8080`));
      break;
    }
    case "pod-to-remote-nodeport":
    case "pod-to-local-nodeport": {
      let i = 0;
      for (const client of env.clients) {
        for (const service of env.services) {
          if (!service.nodePort) continue;
          for (const node of env.nodes) {
            const local = node.name === client.node;
            if ((scenario === "pod-to-local-nodeport") !== local) continue;
            await action(
              `curl-ipv4-${i++}`,
              client,
              { name: `${node.name}/${service.name}`, address: node.ip, port: service.nodePort },
              curl(`http://${node.ip}:${service.nodePort}`),
            );
          }
        }
      }
      break;
    }
    case "no-errors-in-logs":
      out.push(...(await checkLogErrors(session, sn, options)));
      break;
  }
  return out;
}

async function checkLogErrors(
  session: CliSession,
  sn: string,
  options: ScenarioOptions,
): Promise<ActionResult[]> {
  const out: ActionResult[] = [];
  const pods = (
    await session.objects.list({
      apiVersion: "v1",
      kind: "Pod",
      namespace: session.namespace,
      labelSelector: "app.kubernetes.io/part-of=cilium",
    })
  ).items as (Obj & {
    spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
    status?: {
      containerStatuses?: { name: string; restartCount?: number }[];
      initContainerStatuses?: { name: string; restartCount?: number }[];
    };
  })[];
  const markers = logMarkers(options.minor);
  for (const pod of pods) {
    const containers = [
      ...(pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        restarts: pod.status?.containerStatuses?.find((s) => s.name === c.name)?.restartCount ?? 0,
      })),
      ...(pod.spec?.initContainers ?? []).map((c) => ({
        name: c.name,
        restarts: pod.status?.initContainerStatuses?.find((s) => s.name === c.name)?.restartCount ?? 0,
      })),
    ];
    for (const container of containers) {
      options.check();
      const id = `${options.cluster}/${pod.metadata.namespace}/${pod.metadata.name} (${container.name})`;
      const query: Record<string, string> = {
        container: container.name,
        limitBytes: String(1024 * 1024 * 1024),
      };
      query.sinceTime = options.logsSince
        ? `${options.logsSince.toISOString().slice(0, 19)}Z`
        : "0001-01-01T00:00:00Z";
      let logs = "";
      const failures: string[] = [];
      try {
        logs = await session.client.text(
          `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/log`,
          { query },
        );
      } catch (error) {
        failures.push(`Error reading Cilium logs: ${(error as Error).message}`);
      }
      const found = uniqueFailures(logs, markers);
      if (found.length > 0) failures.push(logFailureText(id, found));
      const ignoreRestarts =
        options.minor < 17 ||
        container.name === "cilium-operator" ||
        (container.restarts === 1 && container.name === "hubble-relay");
      if (container.restarts > 0 && !ignoreRestarts)
        failures.push(`Non-zero (${container.restarts}) restart count of ${id} must be investigated`);
      out.push({
        name: id,
        failed: failures.length > 0,
        text: `${sn}:${id}`,
        ...(failures.length > 0 ? { failureMessage: failures[0] as string } : {}),
      });
    }
  }
  return out;
}
