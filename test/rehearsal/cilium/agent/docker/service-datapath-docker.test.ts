// Kube-proxy replacement and Hubble on real packets: two agents, pods plumbed through the agents'
// CNI sockets (as the kubelet double does), an echo Deployment's two pods on different nodes
// behind a NodePort Service. Proves: the NodePort answers from the LAN on every node, the
// ClusterIP answers from a pod, both nodes' backends are used, Hubble reports the translated
// connection with both pods named, and the node shows Cilium's chains and no kube-proxy's.
// (wget without -T: Debian 12's busybox-static has no wget timeout option and crashes on it.)

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRelay } from "../../../../../src/probes/hubble/relay-client.ts";
import { AgentScene, printAgentLogsOnFailure, until } from "./agent-scene.ts";

const scene = new AgentScene();
const SANDBOX = "/opt/cc/test/rehearsal/cilium/agent/docker/pod-sandbox.ts";
const CLUSTER_IP = "10.96.80.10";
const NODE_PORT = 31080;
const pods: { name: string; node: string; ip: string }[] = [];

async function addPod(node: string, name: string, labels: Record<string, string>): Promise<string> {
  const container = scene.nodes.find((n) => n.name === node)!.container;
  const { code, out } = await scene.exec(container, ["node", SANDBOX, "add", "demo", name], 30_000);
  if (code !== 0) throw new Error(`CNI ADD for ${name} on ${node} failed: ${out}`);
  const ip = (JSON.parse(out) as { ips: { address: string }[] }).ips[0]!.address.split("/")[0]!;
  scene.api.put({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "demo", labels },
    spec: { nodeName: node, serviceAccountName: "default", containers: [{ name: "c", image: "x" }] },
    status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
  });
  pods.push({ name, node, ip });
  return ip;
}

beforeAll(async () => {
  await scene.start({
    "kube-proxy-replacement": "true",
    devices: "eth0",
    ipam: "kubernetes",
    "routing-mode": "native",
    "ipv4-native-routing-cidr": "10.244.0.0/16",
    "enable-hubble": "true",
    "hubble-listen-address": ":4244",
    "hubble-disable-tls": "true",
    "cluster-name": "kind-scene",
    "write-cni-conf-when-ready": "/host/etc/cni/net.d/05-cilium.conflist",
  });
  scene.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo", labels: { team: "a" } } });
  const [nodeA, nodeB] = scene.nodes;
  await until("the agents' CNI sockets", 60_000, async () => {
    const checks = await Promise.all(
      scene.nodes.map((n) => scene.exec(n.container, ["test", "-S", "/var/run/cilium/cni.sock"])),
    );
    return checks.every((c) => c.code === 0) ? true : undefined;
  });
  const echoA = await addPod(nodeA!.name, "echo-a", { app: "echo" });
  const echoB = await addPod(nodeB!.name, "echo-b", { app: "echo" });
  await addPod(nodeA!.name, "client", { app: "client" });
  for (const pod of pods.filter((p) => p.name.startsWith("echo"))) {
    const container = scene.nodes.find((n) => n.name === pod.node)!.container;
    await scene.exec(container, [
      "sh",
      "-c",
      `node ${SANDBOX} serve ${pod.name} 8080 ${pod.name} >/dev/null 2>&1 &`,
    ]);
  }
  scene.api.put({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "echo", namespace: "demo" },
    spec: {
      type: "NodePort",
      clusterIP: CLUSTER_IP,
      clusterIPs: [CLUSTER_IP],
      selector: { app: "echo" },
      ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: NODE_PORT, protocol: "TCP" }],
    },
  });
  scene.api.put({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "echo-x1", namespace: "demo", labels: { "kubernetes.io/service-name": "echo" } },
    addressType: "IPv4",
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    endpoints: [
      {
        addresses: [echoA],
        conditions: { ready: true },
        nodeName: nodeA!.name,
        targetRef: { kind: "Pod", name: "echo-a", namespace: "demo" },
      },
      {
        addresses: [echoB],
        conditions: { ready: true },
        nodeName: nodeB!.name,
        targetRef: { kind: "Pod", name: "echo-b", namespace: "demo" },
      },
    ],
  });
}, 300_000);

printAgentLogsOnFailure(scene);

afterAll(async () => {
  await scene.close();
});

describe("service datapath and Hubble on real packets (docker)", () => {
  it("CNI DEL removes the pod's interface and frees its address", async () => {
    const node = scene.nodes[0]!;
    const ip = await addPod(node.name, "short-lived", { app: "tmp" });
    const before = await scene.exec(node.container, ["ip", "route", "show", `${ip}/32`]);
    expect(before.out).toMatch(/dev lxc[0-9a-f]{12}/);
    const del = await scene.exec(node.container, ["node", SANDBOX, "del", "demo", "short-lived"], 30_000);
    expect(del.code, del.out).toBe(0);
    expect((await scene.exec(node.container, ["ip", "route", "show", `${ip}/32`])).out.trim()).toBe("");
    const status = await scene.exec(node.container, [
      "node",
      "/opt/cc/rehearsal/cilium/cilium-dbg/main.ts",
      "status",
    ]);
    expect(status.out).toMatch(/^IPAM: +IPv4: 3\/254 allocated from 10\.244\.1\.0\/24, $/m);
  }, 120_000);

  it("a NodePort answers from the LAN on every node, and both backends serve", async () => {
    const seen = new Set<string>();
    for (const node of scene.nodes) {
      const url = `http://${node.ip}:${NODE_PORT}/`;
      await until(`NodePort ${url} answering`, 30_000, async () => {
        const { code, out } = await scene.exec(scene.lanClient, ["wget", "-q", "-O", "-", url]);
        if (code !== 0) return undefined;
        seen.add((JSON.parse(out) as { pod: string }).pod);
        return true;
      });
    }
    await until("both backends chosen", 30_000, async () => {
      const { out } = await scene.exec(scene.lanClient, [
        "wget",
        "-q",
        "-O",
        "-",
        `http://${scene.nodes[0]!.ip}:${NODE_PORT}/`,
      ]);
      if (out) seen.add((JSON.parse(out) as { pod: string }).pod);
      return seen.size === 2 ? true : undefined;
    });
    expect([...seen].sort()).toEqual(["echo-a", "echo-b"]);
  }, 90_000);

  it("the ClusterIP answers from a pod, and Hubble reports the translated connection with both pods named", async () => {
    const nodeA = scene.nodes[0]!;
    const since = new Date(Date.now() - 1000);
    const { code, out } = await until("ClusterIP answering inside the client pod", 30_000, async () => {
      const result = await scene.exec(nodeA.container, [
        "ip",
        "netns",
        "exec",
        "client",
        "wget",
        "-q",
        "-O",
        "-",
        `http://${CLUSTER_IP}/`,
      ]);
      return result.code === 0 ? result : undefined;
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ path: "/" });
    const relay = connectRelay(`${nodeA.ip}:4244`);
    try {
      const flows = await until("a flow from the client pod", 15_000, async () => {
        const result = await relay.flows({ namespace: "demo", pod: "client", since });
        return result.flows.length > 0 ? result.flows : undefined;
      });
      const forward = flows.find(
        (f) => f.source.podName === "client" && f.destination.podName?.startsWith("echo-"),
      );
      expect(forward, JSON.stringify(flows.slice(0, 3))).toBeDefined();
      expect(forward).toMatchObject({
        verdict: "FORWARDED",
        source: { namespace: "demo" },
        destination: { namespace: "demo" },
      });
      expect(forward!.nodeName).toBe(`kind-scene/${nodeA.name}`);
      const status = await relay.status();
      expect(status.seenFlows).toBeGreaterThan(0);
    } finally {
      relay.close();
    }
  }, 60_000);

  it("cilium-dbg status says KubeProxyReplacement True with the device, endpoint list shows its pods ready, and the node has Cilium's chains only", async () => {
    const node = scene.nodes[1]!;
    const status = await scene.exec(node.container, [
      "node",
      "/opt/cc/rehearsal/cilium/cilium-dbg/main.ts",
      "status",
    ]);
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(
      new RegExp(
        `^KubeProxyReplacement: +True +\\[eth0 ${node.ip.replaceAll(".", "\\.")}.*\\(Direct Routing\\)\\]$`,
        "m",
      ),
    );
    const endpoints = await scene.exec(node.container, [
      "node",
      "/opt/cc/rehearsal/cilium/cilium-dbg/main.ts",
      "endpoint",
      "list",
      "-o",
      "json",
    ]);
    const list = JSON.parse(endpoints.out) as {
      status: { state: string; "external-identifiers"?: { "k8s-pod-name"?: string } };
    }[];
    expect(list.map((e) => e.status["external-identifiers"]?.["k8s-pod-name"] ?? "host").sort()).toEqual([
      "echo-b",
      "host",
    ]);
    expect(list.every((e) => e.status.state === "ready")).toBe(true);
    const conflist = await scene.exec(node.container, ["cat", "/etc/cni/net.d/05-cilium.conflist"]);
    expect(JSON.parse(conflist.out)).toMatchObject({ name: "cilium", plugins: [{ type: "cilium-cni" }] });
    const save = await scene.exec(node.container, ["iptables-nft-save"]);
    expect(save.out).toContain(":CILIUM_FORWARD");
    expect(save.out).not.toMatch(/^:KUBE-SERVICES/m);
  }, 30_000);
});
