import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { writeVariantRepo } from "../../rehearsal/variant-repos.ts";
import { LATEST_POINTER, latestRunContextPath } from "../../src/cluster/latest-run.ts";
import { runFiles } from "../../src/cluster/report-paths.ts";
import { runUp } from "../../src/cluster/up.ts";
import { type EnvironmentError, ProvisioningError } from "../../src/errors.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import { PreflightError } from "../../src/tools/preflight.ts";
import { homelabPlan } from "./test-plan.ts";
import { fakeWorld, procNetRoute } from "./up-fakes.ts";

let root: string;
let plan: RunPlan;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cc-up-"));
  plan = await homelabPlan("r1");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const input = (p: RunPlan) => ({ plan: p, files: runFiles(root, p.runId), repoRoot: p.repoRoot });

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected up to fail");
}

describe("runUp", () => {
  it("runs the plan in order with placeholders resolved and leaves a run context", async () => {
    const world = fakeWorld(plan);
    const files = runFiles(root, "r1");
    const context = await runUp(input(plan), world.deps);

    const execs = world.events.filter((e) => /^(docker|kind|cilium) /.test(e));
    expect(execs).toEqual([
      "docker network create --driver bridge --subnet 192.168.5.0/24 --gateway 192.168.5.1 --ip-range 192.168.5.8/29 --label io.cilium-conformance/run-id=r1 --label io.cilium-conformance/managed=true cc-lan-r1",
      `kind create cluster --name cc-r1 --config ${files.planDir}/kind-config.yaml --image ${plan.kind.nodeImage} --kubeconfig ${files.kubeconfig} --retain`,
      `cilium install --version 1.18.11 --namespace kube-system -f ${files.planDir}/values.yaml -f ${files.planDir}/values-overlay.yaml`,
      "cilium status --namespace kube-system --wait --wait-duration 600s --ignore-warnings --interactive=false",
    ]);
    // Warnings may pass cilium status; the release's rollouts are then read through the API.
    const rollouts = world.events.indexOf("list DaemonSet");
    expect(rollouts).toBeGreaterThan(world.events.findIndex((e) => e.startsWith("cilium status")));
    expect(world.events.slice(rollouts, rollouts + 3).sort()).toEqual([
      "list DaemonSet",
      "list Deployment",
      "list Pod",
    ]);
    // The reproduction script sits in the run's plan folder and finds up's kubeconfig.
    const script = await readFile(join(files.planDir, "commands.sh"), "utf8");
    expect(script).toContain('kubeconfig="$(dirname "${planDir}")/kubeconfig"');
    // kind joins the planned network; cilium talks to this run's kubeconfig only.
    expect(world.envs[1]).toEqual({ KIND_EXPERIMENTAL_DOCKER_NETWORK: "cc-lan-r1" });
    expect(world.envs[3]).toEqual({ KUBECONFIG: files.kubeconfig });

    // Gateway API CRDs applied and Established before Cilium is installed; repo manifests last.
    const at = (prefix: string) => world.events.findIndex((e) => e.startsWith(prefix));
    expect(at("apply[cilium-conformance] CustomResourceDefinition/")).toBeGreaterThan(at("kind create"));
    expect(at("apply[cilium-conformance] CustomResourceDefinition/")).toBeLessThan(at("cilium install"));
    expect(world.events.at(-1)).toBe(
      `apply[cilium-conformance] CiliumL2AnnouncementPolicy/${plan.manifests.l2Policies[0]?.name}`,
    );
    expect(at("open-kube kind-cc-r1")).toBeLessThan(at("cilium install"));

    // The overlay carries the control plane's LAN address, not the token.
    const overlay = parse(await readFile(join(files.planDir, "values-overlay.yaml"), "utf8"));
    expect(overlay.k8sServiceHost).toBe("192.168.5.9");
    expect(await readdir(join(files.planDir, "manifests"))).toEqual(
      [...plan.manifests.pools, ...plan.manifests.l2Policies].map((m) => m.file).sort(),
    );

    expect(context.nodes).toEqual([
      {
        name: "cc-r1-control-plane",
        role: "control-plane",
        lanIp: "192.168.5.9",
        lanMac: "02:42:c0:a8:05:09",
      },
      { name: "cc-r1-worker", role: "worker", lanIp: "192.168.5.10", lanMac: "02:42:c0:a8:05:0a" },
      { name: "cc-r1-worker2", role: "worker", lanIp: "192.168.5.11", lanMac: "02:42:c0:a8:05:0b" },
    ]);
    expect(context.versions).toMatchObject({
      chart: "1.18.11",
      kind: "v0.31.0",
      ciliumCli: "v0.19.7",
      gatewayApi: "v1.2.0",
    });
    expect(Object.keys(context.phaseDurationsMs)).toEqual([
      "preflight",
      "lan-network",
      "kind-cluster",
      "gateway-api-crds",
      "cilium-install",
      "cilium-ready",
      "cluster-ready",
      "repo-manifests",
      "node-inventory",
    ]);
    const written = JSON.parse(await readFile(files.runContext, "utf8"));
    expect(written).toEqual(JSON.parse(JSON.stringify(context)));
    expect(JSON.parse(await readFile(files.plan, "utf8")).runId).toBe("r1");
    expect(JSON.parse(await readFile(files.transcript, "utf8")).schemaVersion).toBe(1);
  });

  it("hands the namespace Cilium was installed into on to the suites (not kube-system)", async () => {
    const inCilium: RunPlan = { ...plan, cilium: { ...plan.cilium, namespace: "cilium" } };
    const context = await runUp(input(inCilium), fakeWorld(inCilium).deps);
    expect(context.ciliumNamespace).toBe("cilium");
  });

  it("points reports/latest at the run once its context is written, and leaves it alone on a failure", async () => {
    const files = runFiles(root, "r1");
    await runUp(input(plan), fakeWorld(plan).deps);
    expect(await readFile(join(root, LATEST_POINTER), "utf8")).toBe("r1\n");
    expect(await latestRunContextPath(root)).toBe(files.runContext);

    const failing = await homelabPlan("r2");
    const world = fakeWorld(failing);
    world.failWhen.push((line) =>
      line.startsWith("cilium status --namespace kube-system --wait") ? "agents not ready" : undefined,
    );
    await captureError(runUp(input(failing), world.deps));
    expect(await readFile(join(root, LATEST_POINTER), "utf8")).toBe("r1\n");
  });

  it("writes no pointer when the first up fails", async () => {
    const world = fakeWorld(plan);
    world.failWhen.push((line) => (line.startsWith("kind create") ? "node image missing" : undefined));
    await captureError(runUp(input(plan), world.deps));
    await expect(readFile(join(root, LATEST_POINTER), "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("pulls nothing for Cilium images the chart references by digest (a kind load cannot serve them)", async () => {
    const world = fakeWorld(plan);
    await runUp(input(plan), world.deps);
    expect(world.events.filter((e) => e.startsWith("docker pull") || e.startsWith("kind load"))).toEqual([]);
  });

  it("pulls tag-referenced images beside kind create and turns a failed pull into a note, not a failure", async () => {
    const byTag = structuredClone(plan);
    const values = byTag.cilium.values as Record<string, unknown>;
    values.image = { ...(values.image as object), useDigest: false };
    values.operator = { ...(values.operator as object), image: { useDigest: false } };
    const world = fakeWorld(byTag);
    world.pullFails.add("quay.io/cilium/operator-generic:v1.18.11");
    const context = await runUp(input(byTag), world.deps);
    expect(Object.keys(context.phaseDurationsMs)).toContain("image-load");
    expect(context.notes).toEqual([
      "pre-pull of quay.io/cilium/operator-generic:v1.18.11 skipped: pull access denied for quay.io/cilium/operator-generic:v1.18.11",
    ]);
    expect(world.events).toContain("kind load docker-image quay.io/cilium/cilium:v1.18.11 --name cc-r1");
  });

  it("on a failure collects diagnostics before cleanup, keeps collecting past a broken collector, writes the report", async () => {
    const world = fakeWorld(plan);
    world.failWhen.push((line) =>
      line.startsWith("cilium status --namespace kube-system --wait") ? "agents not ready" : undefined,
    );
    world.kubeFailWhen.push((call) => call === "list Pod");
    const files = runFiles(root, "r1");
    const error = await captureError(runUp(input(plan), world.deps));

    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).phase).toBe("cilium-ready");
    expect((error as ProvisioningError).exitCode).toBe(3);
    expect((error as ProvisioningError).message).toContain("agents not ready");
    expect((error as ProvisioningError).hint).toContain(files.junit);

    const exportAt = world.events.indexOf(`kind export logs ${files.diagnosticsDir}/kind-logs --name cc-r1`);
    const deleteAt = world.events.indexOf(
      `kind delete cluster --name cc-r1 --kubeconfig ${files.kubeconfig}`,
    );
    const eventsAt = world.events.indexOf("list Event");
    expect(exportAt).toBeGreaterThan(0);
    expect(eventsAt).toBeGreaterThan(exportAt);
    expect(deleteAt).toBeGreaterThan(eventsAt);
    expect(world.events.at(-1)).toBe("docker network rm cc-lan-r1");
    expect(world.networks.size).toBe(0);

    const diagnostics = await readdir(files.diagnosticsDir);
    expect(diagnostics.sort()).toEqual([
      "cilium-status.txt",
      "events.txt",
      "kind-logs",
      "lan-network.txt",
      "nodes.txt",
    ]);
    expect(await readFile(join(files.diagnosticsDir, "events.txt"), "utf8")).toContain(
      "BackOff Pod/kube-system/cilium-abcde",
    );
    // Diagnostics ask Cilium where the plan installed it.
    expect(world.events).toContain("cilium status --namespace kube-system --interactive=false");

    const junit = await readFile(files.junit, "utf8");
    expect(junit).toContain('<testcase name="Infrastructure/Provisioning"');
    expect(junit).toContain("failed phase: cilium-ready");
    expect(junit).toContain("pods: not collected (list Pod refused)");
    const outcome = JSON.parse(await readFile(files.provisioning, "utf8"));
    expect(outcome.status).toBe("failed");
    expect(outcome.cleanup).toContain("cleaned up: delete kind cluster cc-r1");
  });

  it("keeps the cluster with --keep, still collecting diagnostics", async () => {
    const kept = await homelabPlan("r1", { keep: true });
    const world = fakeWorld(kept);
    world.agentsAvailable = 2;
    const error = await captureError(runUp(input(kept), world.deps));
    expect((error as ProvisioningError).phase).toBe("cilium-ready");
    expect((error as ProvisioningError).message).toContain("ciliumRollouts: not RolledOut after 120s");
    expect(world.events.some((e) => e.startsWith("kind export logs"))).toBe(true);
    expect(world.events.some((e) => e.startsWith("kind delete") || e.startsWith("docker network rm"))).toBe(
      false,
    );
    expect(world.networks.has("cc-lan-r1")).toBe(true);
  });

  it("lets cilium status warnings pass but records them as notes for the report", async () => {
    const world = fakeWorld(plan);
    world.ciliumStatusOutput = readFileSync(
      new URL("../tools/fixtures/cilium-status-with-warnings.txt", import.meta.url),
      "utf8",
    );
    const context = await runUp(input(plan), world.deps);
    expect(context.notes).toEqual([
      expect.stringMatching(
        /^cilium status passed with 4 warning\(s\), not fatal \(--ignore-warnings\): cilium\/cilium-4xkqz: 2 endpoints are not ready; .*hubble-ui\/hubble-ui-6b4f9: pod is pending$/,
      ),
    ]);
  });

  it("does not wait for GatewayClass cilium: a class Cilium never accepts is the gateway-api suite's red", async () => {
    const world = fakeWorld(plan);
    world.gatewayClassAccepted = false;
    // The homelab repo promises Gateway API (the plan applies its CRDs), and up still succeeds.
    expect(plan.gatewayApi.crdNames.length).toBeGreaterThan(0);
    await runUp(input(plan), world.deps);
  });

  it("fails provisioning when the release's rollouts never complete, with what it last saw (exit 3)", async () => {
    const world = fakeWorld(plan);
    world.agentsAvailable = 2;
    const error = await captureError(runUp(input(plan), world.deps));
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).phase).toBe("cilium-ready");
    expect((error as ProvisioningError).exitCode).toBe(3);
    expect((error as ProvisioningError).message).toContain(
      "ciliumRollouts: not RolledOut after 120s (last: 0/1 RolledOut; helm-release/kube-system/cilium: 1/2 rolled out; daemonset/cilium: 3/3 updated, 2/3 available)",
    );
  });

  it("creates the namespace a repo installs Cilium into before cilium install, which does not create it", async () => {
    const repo = await writeVariantRepo("own-namespace", join(root, "repos"));
    const inCilium = await homelabPlan("r1", { repo });
    expect(inCilium.cilium.namespace).toBe("cilium");
    const world = fakeWorld(inCilium);
    await runUp(input(inCilium), world.deps);
    const created = world.events.indexOf("apply[cilium-conformance] Namespace/cilium");
    const install = world.events.findIndex((e) =>
      e.startsWith("cilium install --version 1.18.11 --namespace cilium "),
    );
    expect(created).toBeGreaterThanOrEqual(0);
    expect(install).toBeGreaterThan(created);
    const file = parse(await readFile(join(runFiles(root, "r1").planDir, "cilium-namespace.yaml"), "utf8"));
    expect(file).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cilium" } });
  });

  it("applies no Namespace for Cilium in kube-system (every cluster has it)", async () => {
    const world = fakeWorld(plan);
    await runUp(input(plan), world.deps);
    expect(world.events.filter((e) => e.includes("Namespace/"))).toEqual([]);
  });

  it("asks Cilium for its status in the namespace the plan installs it into", async () => {
    const moved = JSON.parse(
      JSON.stringify(plan)
        .replaceAll('"kube-system"', '"cilium-system"')
        .replaceAll("/kube-system/", "/cilium-system/"),
    ) as RunPlan;
    expect(moved.cilium.namespace).toBe("cilium-system");
    const world = fakeWorld(moved);
    world.failWhen.push((line) => (line.includes("--wait") ? "agents not ready" : undefined));
    await captureError(runUp(input(moved), world.deps));
    expect(world.events).toContain("cilium status --namespace cilium-system --interactive=false");
  });

  it("stops at preflight: nothing created, report written, the preflight error kept as is", async () => {
    const world = fakeWorld(plan);
    world.preflightError = new PreflightError([
      { code: "CC_ENV_TOOL_MISSING", what: "kind was not found", fix: "run `scripts/install-tools.sh`" },
    ]);
    const files = runFiles(root, "r1");
    const error = await captureError(runUp(input(plan), world.deps));
    expect(error).toBe(world.preflightError);
    expect(world.events).toEqual(["preflight"]);
    expect(await readFile(files.junit, "utf8")).toContain("kind was not found");
  });

  it("refuses a network of the same name that this run did not create, and leaves it alone", async () => {
    const world = fakeWorld(plan);
    world.networks.set("cc-lan-r1", {
      id: "x",
      name: "cc-lan-r1",
      driver: "bridge",
      subnet: "192.168.5.0/24",
      gateway: "192.168.5.1",
      ipRange: "192.168.5.8/29",
      labels: { "io.cilium-conformance/run-id": "another-run", "io.cilium-conformance/managed": "true" },
      containers: [],
    });
    const error = await captureError(runUp(input(plan), world.deps));
    expect((error as ProvisioningError).message).toContain("was not created by run r1");
    expect(((error as ProvisioningError).cause as EnvironmentError).code).toBe("CC_ENV_NETWORK_CONFLICT");
    expect(world.events).toEqual(["preflight"]);
    expect(world.networks.has("cc-lan-r1")).toBe(true);
  });

  it("refuses a kind cluster of the same name that already exists, and never deletes it", async () => {
    const named = await homelabPlan("r1", { name: "homelab-dev" });
    const world = fakeWorld(named);
    // Someone's own cluster, on kind's default network: `kind create` would fail on the name and
    // the cleanup would then `kind delete` it.
    world.foreignKindNodes.set("homelab-dev-control-plane", "homelab-dev");
    const error = await captureError(runUp(input(named), world.deps));
    expect(((error as ProvisioningError).cause as EnvironmentError).code).toBe("CC_ENV_CLUSTER_CONFLICT");
    expect((error as ProvisioningError).message).toContain(
      "a kind cluster named homelab-dev already exists (node homelab-dev-control-plane)",
    );
    expect(world.events.some((e) => e.startsWith("kind create"))).toBe(false);
    expect(world.events.some((e) => e.startsWith("kind delete") || e.startsWith("kind export"))).toBe(false);
    // The network this run made is still removed.
    expect(world.networks.has("cc-lan-r1")).toBe(false);
  });

  it("refuses to mirror a LAN the runner itself sits on, before creating anything", async () => {
    const world = fakeWorld(plan);
    // A self-hosted runner on the homelab LAN: eth0 192.168.5.0/24, default route via 192.168.5.1.
    world.hostRoutes = procNetRoute([
      ["eth0", "00000000", "00000000"],
      ["eth0", "0005A8C0", "00FFFFFF"],
    ]);
    const error = await captureError(runUp(input(plan), world.deps));
    expect(((error as ProvisioningError).cause as EnvironmentError).code).toBe("CC_ENV_NETWORK_CONFLICT");
    expect((error as ProvisioningError).message).toContain(
      "this machine already reaches 192.168.5.0/24 through eth0 (192.168.5.0/24)",
    );
    expect(world.events).toEqual(["preflight"]);
  });

  it("names the networks that hold the LAN when docker refuses the subnet", async () => {
    const world = fakeWorld(plan);
    world.networks.set("home-vpn", {
      id: "y",
      name: "home-vpn",
      driver: "bridge",
      subnet: "192.168.0.0/16",
      gateway: "192.168.0.1",
      ipRange: undefined,
      labels: {},
      containers: [],
    });
    world.failWhen.push((line) =>
      line.startsWith("docker network create")
        ? "Error response from daemon: Pool overlaps with other one on this address space"
        : undefined,
    );
    const error = await captureError(runUp(input(plan), world.deps));
    expect((error as ProvisioningError).message).toContain(
      "docker refused the LAN 192.168.5.0/24: it overlaps home-vpn (192.168.0.0/16)",
    );
    expect(world.networks.has("home-vpn")).toBe(true);
  });

  it("refuses a kubeconfig that is not the harness's cluster before any Kubernetes or Cilium call", async () => {
    const world = fakeWorld(plan);
    world.kubeconfigContext = "admin@homelab";
    const error = await captureError(runUp(input(plan), world.deps));
    expect(((error as ProvisioningError).cause as EnvironmentError).code).toBe("CC_ENV_CONTEXT_REFUSED");
    expect(
      world.events.some(
        (e) => e.startsWith("cilium install") || e.startsWith("apply") || e.startsWith("open-kube"),
      ),
    ).toBe(false);
    // The cluster it made is still cleaned up.
    expect(world.events).toContain(
      `kind delete cluster --name cc-r1 --kubeconfig ${runFiles(root, "r1").kubeconfig}`,
    );
  });
});
