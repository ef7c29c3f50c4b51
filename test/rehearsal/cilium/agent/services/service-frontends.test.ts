import { describe, expect, it } from "vitest";
import {
  hostPortFrontends,
  serviceFrontends,
  type WireEndpointSlice,
  type WireService,
} from "../../../../../rehearsal/cilium/agent/services/service-frontends.ts";

const echo: WireService = {
  metadata: { name: "echo", namespace: "demo" },
  spec: {
    type: "LoadBalancer",
    clusterIP: "10.96.10.20",
    clusterIPs: ["10.96.10.20"],
    ports: [{ name: "http", port: 80, targetPort: 8080, nodePort: 31080, protocol: "TCP" }],
    externalIPs: ["192.168.5.40"],
  },
  status: { loadBalancer: { ingress: [{ ip: "192.168.5.30" }] } },
};

const slice = (endpoints: WireEndpointSlice["endpoints"]): WireEndpointSlice => ({
  metadata: { name: "echo-abc", namespace: "demo", labels: { "kubernetes.io/service-name": "echo" } },
  addressType: "IPv4",
  endpoints,
  ports: [{ name: "http", port: 8080, protocol: "TCP" }],
});

const ready = (ip: string, node: string, pod: string) => ({
  addresses: [ip],
  conditions: { ready: true, serving: true, terminating: false },
  nodeName: node,
  targetRef: { kind: "Pod", name: pod, namespace: "demo" },
});

const base = { nodeName: "kind-worker", nodePortAddresses: ["172.18.0.3"] };

describe("serviceFrontends (KPR)", () => {
  it("serves ClusterIP, NodePort on node addresses, LoadBalancer IPs and externalIPs, all to the ready backends", () => {
    const frontends = serviceFrontends({
      ...base,
      services: [echo],
      endpointSlices: [
        slice([ready("10.244.1.5", "kind-worker", "echo-1"), ready("10.244.2.6", "kind-worker2", "echo-2")]),
      ],
    });
    expect(frontends.map((f) => `${f.type} ${f.key}`)).toEqual([
      "ClusterIP 10.96.10.20:80/TCP",
      "NodePort 172.18.0.3:31080/TCP",
      "LoadBalancer 192.168.5.30:80/TCP",
      "ExternalIP 192.168.5.40:80/TCP",
    ]);
    for (const frontend of frontends) {
      expect(frontend.backends.map((b) => `${b.ip}:${b.port} ${b.podName} local=${b.local}`)).toEqual([
        "10.244.1.5:8080 echo-1 local=true",
        "10.244.2.6:8080 echo-2 local=false",
      ]);
    }
  });

  it("falls back to serving terminating endpoints only when none is ready", () => {
    const terminating = {
      ...ready("10.244.2.7", "kind-worker2", "echo-3"),
      conditions: { ready: false, serving: true, terminating: true },
    };
    const notReady = {
      ...ready("10.244.2.8", "kind-worker2", "echo-4"),
      conditions: { ready: false, serving: false, terminating: false },
    };
    const only = serviceFrontends({
      ...base,
      services: [echo],
      endpointSlices: [slice([terminating, notReady])],
    });
    expect(only[0]!.backends.map((b) => b.ip)).toEqual(["10.244.2.7"]);
    const mixed = serviceFrontends({
      ...base,
      services: [echo],
      endpointSlices: [slice([terminating, ready("10.244.1.5", "kind-worker", "echo-1")])],
    });
    expect(mixed[0]!.backends.map((b) => b.ip)).toEqual(["10.244.1.5"]);
  });

  it("externalTrafficPolicy Local keeps only this node's backends off the cluster IP; internalTrafficPolicy Local on it", () => {
    const local: WireService = {
      ...echo,
      spec: { ...echo.spec, externalTrafficPolicy: "Local", internalTrafficPolicy: "Local" },
    };
    const frontends = serviceFrontends({
      ...base,
      nodeName: "kind-worker2",
      services: [local],
      endpointSlices: [
        slice([ready("10.244.1.5", "kind-worker", "echo-1"), ready("10.244.2.6", "kind-worker2", "echo-2")]),
      ],
    });
    for (const f of frontends)
      expect(
        f.backends.map((b) => b.podName),
        f.type,
      ).toEqual(["echo-2"]);
  });

  it("serves nothing for headless, ExternalName or another proxy's Services; matches ports by name", () => {
    const headless: WireService = {
      metadata: { name: "h", namespace: "demo" },
      spec: { clusterIP: "None", ports: [{ port: 80 }] },
    };
    const other: WireService = {
      ...echo,
      metadata: { ...echo.metadata, labels: { "service.kubernetes.io/service-proxy-name": "x" } },
    };
    expect(serviceFrontends({ ...base, services: [headless, other], endpointSlices: [] })).toEqual([]);
    const wrongPortName = {
      ...slice([ready("10.244.1.5", "kind-worker", "echo-1")]),
      ports: [{ name: "metrics", port: 9090, protocol: "TCP" }],
    };
    expect(
      serviceFrontends({ ...base, services: [echo], endpointSlices: [wrongPortName] })[0]!.backends,
    ).toEqual([]);
  });

  it("marks the Services a CiliumEnvoyConfig lists as L7 load balancers", () => {
    const frontends = serviceFrontends({
      ...base,
      services: [echo],
      endpointSlices: [],
      l7Services: new Set(["demo/echo"]),
    });
    expect(frontends.every((f) => f.l7Proxy)).toBe(true);
  });
});

describe("hostPortFrontends", () => {
  const pod = (node: string, ports: { containerPort: number; hostPort?: number; hostIP?: string }[]) => ({
    metadata: { name: "web-1", namespace: "demo", uid: "u1" },
    spec: { nodeName: node, containers: [{ ports }] },
    status: { podIP: "10.244.1.9", phase: "Running" },
  });

  it("serves this node's pods' hostPorts on every node address, or only on hostIP", () => {
    const frontends = hostPortFrontends({
      pods: [
        pod("kind-worker", [
          { containerPort: 8080, hostPort: 4000 },
          { containerPort: 9090, hostPort: 4001, hostIP: "172.18.0.3" },
        ]),
      ],
      nodeName: "kind-worker",
      nodeAddresses: ["172.18.0.3", "172.18.0.33"],
      nodePortRange: { min: 30000, max: 32767 },
    });
    expect(frontends.map((f) => `${f.key} → ${f.backends[0]!.ip}:${f.backends[0]!.port}`)).toEqual([
      "172.18.0.3:4000/TCP → 10.244.1.9:8080",
      "172.18.0.33:4000/TCP → 10.244.1.9:8080",
      "172.18.0.3:4001/TCP → 10.244.1.9:9090",
    ]);
  });

  it("ignores other nodes' pods and hostPorts inside the NodePort range", () => {
    const input = {
      nodeName: "kind-worker",
      nodeAddresses: ["172.18.0.3"],
      nodePortRange: { min: 30000, max: 32767 },
    };
    expect(
      hostPortFrontends({ ...input, pods: [pod("kind-worker2", [{ containerPort: 80, hostPort: 4000 }])] }),
    ).toEqual([]);
    expect(
      hostPortFrontends({ ...input, pods: [pod("kind-worker", [{ containerPort: 80, hostPort: 30500 }])] }),
    ).toEqual([]);
  });
});
