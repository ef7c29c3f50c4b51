// Docker-backed: the fake kind stands a real double up — node containers on a network the test
// made and checked, kubeadm init and join, the API server in the control plane with TLS and client
// certificates, kubelets registering NotReady (no CNI yet), the controller-manager giving pod CIDRs,
// the scheduler holding CoreDNS back on the not-ready taint — reached through the kubeconfig kind
// writes with the harness's own client (exec and logs through the kubelet), then deleted without
// leftovers. Fails (never skips) without Docker.

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ensureNodeImage } from "../../../rehearsal/images/build-node-image.ts";
import { openKubeClient } from "../../../src/k8s/kube-client.ts";
import { execInPod } from "../../../src/k8s/pod-exec.ts";
import { podLogs } from "../../../src/k8s/pod-logs.ts";
import { listObjects } from "../../../src/k8s/read-objects.ts";
import {
  createTestNetwork,
  dockerBin,
  removeNetworkQuietly,
  requireDocker,
  testDocker,
  uniqueSuffix,
} from "../../support/docker.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;

const run = promisify(execFile);
const suffix = uniqueSuffix();
const cluster = `cc-test-kind-${suffix}`;
const network = `cc-test-kind-${suffix}`;
let dir: string;
let kubeconfig: string;

function kind(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ["rehearsal/kind/main.ts", ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function containers(): Promise<string[]> {
  const { stdout } = await run(dockerBin, [
    "ps",
    "-a",
    "--filter",
    `label=io.x-k8s.kind.cluster=${cluster}`,
    "--format",
    "{{.Names}}",
  ]);
  return stdout.split("\n").filter(Boolean).sort();
}

beforeAll(async () => {
  requireDocker();
  const image = (await ensureNodeImage({ docker: dockerBin })).image;
  await createTestNetwork(testDocker(), network, { "io.cilium-conformance/rehearsal": "test" });
  dir = await mkdtemp(join(tmpdir(), "fake-kind-"));
  kubeconfig = join(dir, "kubeconfig");
  const config = join(dir, "kind.yaml");
  await run("sh", [
    "-c",
    `printf 'kind: Cluster\\napiVersion: kind.x-k8s.io/v1alpha4\\nnetworking:\\n  disableDefaultCNI: true\\n  kubeProxyMode: none\\nnodes:\\n- role: control-plane\\n- role: worker\\n' > ${config}`,
  ]);
  await kind(
    ["create", "cluster", "--name", cluster, "--config", config, "--kubeconfig", kubeconfig, "--retain"],
    {
      KIND_EXPERIMENTAL_DOCKER_NETWORK: network,
      CC_REHEARSAL_NODE_IMAGE: image,
    },
  );
}, 240_000);

afterAll(async () => {
  const left = await containers().catch(() => []);
  if (left.length > 0) await run(dockerBin, ["rm", "-f", "-v", ...left]).catch(() => undefined);
  removeNetworkQuietly(network);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the fake kind", () => {
  it("creates kind's node containers and merges kind's kubeconfig (kind-<name>, host endpoint)", async () => {
    expect(await containers()).toEqual([`${cluster}-control-plane`, `${cluster}-worker`]);
    expect((await kind(["get", "nodes", "--name", cluster])).stdout.trim().split("\n")).toEqual([
      `${cluster}-control-plane`,
      `${cluster}-worker`,
    ]);
    const config = parse(await readFile(kubeconfig, "utf8")) as Json;
    expect(config["current-context"]).toBe(`kind-${cluster}`);
    expect(config.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(config.users[0].user).sort()).toEqual(["client-certificate-data", "client-key-data"]);
  });

  it("runs a control plane the harness's client talks to: nodes NotReady without a CNI, pod CIDRs, CoreDNS held back", async () => {
    const client = openKubeClient({ kubeconfigPath: kubeconfig, guard: () => ({ allowed: true }) });
    let nodes: Json[] = [];
    for (let i = 0; i < 100; i += 1) {
      nodes = (await listObjects(client, { apiVersion: "v1", kind: "Node" })).items as Json[];
      if (nodes.length === 2 && nodes.every((n) => n.spec?.podCIDR)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(nodes.map((n) => [n.metadata.name, n.spec.podCIDR]).sort()).toEqual([
      [`${cluster}-control-plane`, "10.244.0.0/24"],
      [`${cluster}-worker`, "10.244.1.0/24"],
    ]);
    for (const node of nodes) {
      expect(node.status.conditions.find((c: Json) => c.type === "Ready")).toMatchObject({
        status: "False",
        reason: "KubeletNotReady",
      });
    }
    let dns: Json[] = [];
    for (let i = 0; i < 100 && dns.length < 2; i += 1) {
      dns = (
        await listObjects(client, {
          apiVersion: "v1",
          kind: "Pod",
          namespace: "kube-system",
          labelSelector: "k8s-app=kube-dns",
        })
      ).items as Json[];
      if (dns.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(dns).toHaveLength(2);
    expect(dns[0]?.status.phase).toBe("Pending");
    expect(dns[0]?.spec.nodeName).toBeUndefined();
  });

  it("serves exec and logs of a static pod through the kubelet", async () => {
    const client = openKubeClient({ kubeconfigPath: kubeconfig, guard: () => ({ allowed: true }) });
    const pod = `kube-scheduler-${cluster}-control-plane`;
    const result = await execInPod(client, {
      namespace: "kube-system",
      pod,
      command: ["sh", "-c", "hostname; echo oops >&2; exit 4"],
    });
    expect(result).toEqual({ stdout: `${cluster}-control-plane\n`, stderr: "oops\n", exitCode: 4 });
    expect(
      await podLogs(client, { namespace: "kube-system", pod } as Parameters<typeof podLogs>[1]),
    ).toContain("kube-scheduler");
  });

  it("deletes the cluster: no containers left, the kubeconfig entries gone", async () => {
    await kind(["delete", "cluster", "--name", cluster, "--kubeconfig", kubeconfig]);
    expect(await containers()).toEqual([]);
    const config = parse(await readFile(kubeconfig, "utf8")) as Json;
    expect(config.clusters).toEqual([]);
  });
});
