// SIGINT/SIGTERM to a real `cilium-conformance upgrade --in-place` and `test` child process, the two
// commands signals-up-run.test.ts does not cover. The cluster is the test's API server (HTTPS on
// loopback), the cilium CLI a fake, Docker real:
// - `upgrade --in-place`, interrupted while `cilium upgrade` runs: the ARP watch's LAN client (a
//   container the upgrade started on the test's network) and the fake `cilium upgrade` are gone,
//   exit 130;
// - `test`, interrupted while it waits for the cluster to answer: the LAN client a suite left (made
//   here with the labels the suites' LAN clients carry) is removed, the report says why, exit 143.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANAGED_LABEL, ROLE_LABEL, RUN_ID_LABEL } from "../../src/cluster/harness-labels.ts";
import { defaultWaitBudgets } from "../../src/plan/wait-budgets.ts";
import { LAN_CLIENT_ROLE } from "../../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import { writeChartArchive } from "../charts/support/test-charts.ts";
import {
  createLanTestNetwork,
  dockerBin,
  type LanTestNetwork,
  removeContainerQuietly,
  removeNetworkQuietly,
  requireDocker,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { FakeKubeApi } from "../support/fake-kube-api.ts";
import { processesUnder, spawnCli, waitFor } from "../support/spawn-cli.ts";
import { type FakeBinDir, makeFakeBinDir } from "../tools/fake-binaries.ts";

const suffix = uniqueSuffix();
const networkName = `cc-test-sigupg-${suffix}`;
let network: LanTestNetwork;
let api: FakeKubeApi;
let fake: FakeBinDir;
let work: string;

function lanClientsOf(runId: string): string[] {
  return execFileSync(
    dockerBin,
    ["ps", "--all", "--filter", `label=${RUN_ID_LABEL}=${runId}`, "--format", "{{.Names}}"],
    { encoding: "utf8" },
  )
    .split("\n")
    .filter(Boolean);
}

const fakeProcesses = () => processesUnder(fake.dir);

/** The CLI with the fake cilium as its only tool and reports in the test's folder. */
function cliOptions() {
  return {
    cwd: work,
    env: {
      PATH: `${fake.dir}:/usr/bin:/bin`,
      CILIUM_CONFORMANCE_TOOLS_DIR: fake.dir,
      CILIUM_CONFORMANCE_REPORTS_DIR: path.join(work, "reports"),
    },
  };
}

/** The run `up` would have left: run-context.json and plan.json (its budgets) in reports/<run-id>/. */
async function runContext(runId: string, chart = "1.18.11"): Promise<string> {
  const dir = path.join(work, "reports", runId);
  execFileSync("mkdir", ["-p", dir]);
  writeFileSync(path.join(dir, "plan.json"), JSON.stringify({ budgets: defaultWaitBudgets() }));
  const file = path.join(dir, "run-context.json");
  writeFileSync(
    file,
    JSON.stringify({
      schemaVersion: 1,
      runId,
      clusterName: `cc-${runId}`,
      kubeconfigPath: await api.writeKubeconfig({ contexts: [`kind-cc-${runId}`] }),
      kubeContext: `kind-cc-${runId}`,
      ciliumNamespace: "kube-system",
      repoRoot: "",
      network: {
        name: network.name,
        subnet: network.subnet,
        gateway: network.ip(1),
        ipRange: `${network.ip(0)}/28`,
      },
      nodes: [],
      versions: {
        chart,
        cilium: chart,
        kind: "v0.31.0",
        nodeImage: "kindest/node",
        gatewayApi: "v1.2.0",
      },
      planPath: path.join(dir, "plan.json"),
      reportDir: dir,
      createdAt: "2026-12-03T09:00:00Z",
      phaseDurationsMs: {},
    }),
  );
  return file;
}

beforeAll(async () => {
  requireDocker();
  network = await createLanTestNetwork(testDocker(), networkName, {
    [MANAGED_LABEL]: "true",
    [RUN_ID_LABEL]: `sigupg-${suffix}`,
  });
  work = mkdtempSync(path.join(tmpdir(), "cc-sig-upgrade-"));
  api = await FakeKubeApi.start({ namespaces: ["demo"] });
  // A LoadBalancer Service holding an address of the test's network: the upgrade watches it over ARP.
  api.put({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "echo", namespace: "demo" },
    spec: { type: "LoadBalancer", selector: { app: "echo" }, ports: [{ port: 80, protocol: "TCP" }] },
  });
  api.mutate({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "echo" }, (service) => {
    (service as { status: unknown }).status = { loadBalancer: { ingress: [{ ip: network.ip(77) }] } };
  });
  fake = await makeFakeBinDir();
  await fake.add(
    "cilium",
    `case "$1" in
  version) echo "cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64" ;;
  upgrade) echo "upgrading Cilium" >&2; sleep 600 ;;
  *) echo "fake cilium: $*" >&2; exit 1 ;;
esac`,
  );
}, 120_000);

afterAll(async () => {
  for (const runId of [`sigupg-u-${suffix}`, `sigupg-t-${suffix}`])
    for (const name of lanClientsOf(runId)) removeContainerQuietly(name);
  removeNetworkQuietly(networkName);
  await api?.close();
  await fake?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("upgrade --in-place interrupted by SIGINT during cilium upgrade", () => {
  it("stops its probes, removes the ARP watch's LAN client and the fake cilium, exits 130", {
    timeout: 180_000,
  }, async () => {
    const runId = `sigupg-u-${suffix}`;
    // A patch upgrade: the Gateway API CRDs stay (1.19 would download new ones first).
    const context = await runContext(runId, "1.18.10");
    const cli = spawnCli(
      [
        "upgrade",
        "--from",
        "1.18.10",
        "--to",
        "1.18.11",
        "--chart-from",
        await writeChartArchive("1.18.10"),
        "--chart-to",
        await writeChartArchive("1.18.11"),
        "--in-place",
        "--context-file",
        context,
        "--force-context",
      ],
      cliOptions(),
    );
    try {
      await waitFor(
        "the ARP watch's LAN client",
        90_000,
        () => lanClientsOf(runId).length > 0,
        () => cli.output(),
        () => cli.ended(),
      );
      await waitFor(
        "cilium upgrade in flight",
        60_000,
        () => fakeProcesses().some((p) => p.includes("cilium upgrade")),
        () => cli.output(),
        () => cli.ended(),
      );
      cli.kill("SIGINT");
      const exit = await cli.exited;
      expect(exit.code, cli.output()).toBe(130);
      expect(exit.stderr).toContain("SIGINT received: stopping");
      expect(exit.stderr).not.toContain("internal error");
      expect(exit.stdout).toContain(`arp ${network.ip(77)}`);
      expect(lanClientsOf(runId)).toEqual([]);
      expect(fakeProcesses()).toEqual([]);
    } finally {
      cli.kill("SIGKILL");
    }
  });
});

describe("test interrupted by SIGTERM while the cluster does not answer", () => {
  it("removes the suites' LAN client, writes the report with the interruption, exits 143", {
    timeout: 180_000,
  }, async () => {
    const runId = `sigupg-t-${suffix}`;
    const context = await runContext(runId);
    // What a suite leaves while it runs: a LAN client with the run's labels.
    execFileSync(dockerBin, [
      "run",
      "--detach",
      "--name",
      `cc-test-sigupg-client-${suffix}`,
      "--network",
      network.name,
      "--label",
      `${RUN_ID_LABEL}=${runId}`,
      "--label",
      `${MANAGED_LABEL}=true`,
      "--label",
      `${ROLE_LABEL}=${LAN_CLIENT_ROLE}`,
      OFFLINE_LAN_CLIENT_IMAGE,
      "sleep",
      "600",
    ]);
    api.hangNext({ method: "GET", path: "/api/v1/namespaces/kube-system", times: 10 });
    const cli = spawnCli(["test", "--context-file", context, "--suite", "lb-ipam"], cliOptions());
    try {
      await waitFor(
        "test asking the cluster",
        60_000,
        () => api.hangingRequests > 0,
        () => cli.output(),
        () => cli.ended(),
      );
      cli.kill("SIGTERM");
      const exit = await cli.exited;
      expect(exit.code, cli.output()).toBe(143);
      expect(exit.stderr).toContain("SIGTERM received: stopping");
      expect(exit.stderr).toContain(`removed LAN client(s) cc-test-sigupg-client-${suffix}`);
      expect(lanClientsOf(runId)).toEqual([]);
      const junit = readFileSync(path.join(work, "reports", runId, "junit.xml"), "utf8");
      expect(junit).toContain("interrupted by SIGTERM while checking the cluster");
    } finally {
      cli.kill("SIGKILL");
    }
  });
});
