import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/kube-access.ts";
import {
  diffLoadBalancerIps,
  isChurn,
  snapshotLoadBalancerIps,
} from "../../../src/upgrade/in-place/lb-ip-snapshot.ts";

const service = (namespace: string, name: string, type: string, ingress: unknown): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace },
  spec: { type, ports: [{ port: 80 }] },
  status: { loadBalancer: ingress === undefined ? {} : { ingress } },
});

describe("LoadBalancer IP snapshot", () => {
  it("keeps LoadBalancer Services only, with their ingress IPs sorted (hostnames too)", () => {
    const snapshot = snapshotLoadBalancerIps([
      service("gateway", "cilium-gateway-homelab", "LoadBalancer", [
        { ip: "192.168.5.31" },
        { ip: "192.168.5.30" },
      ]),
      service("home", "pending", "LoadBalancer", undefined),
      service("home", "web", "ClusterIP", undefined),
      service("home", "cloud", "LoadBalancer", [{ hostname: "lb.example.test" }]),
    ]);
    expect(snapshot).toEqual({
      "gateway/cilium-gateway-homelab": ["192.168.5.30", "192.168.5.31"],
      "home/pending": [],
      "home/cloud": ["lb.example.test"],
    });
  });

  it("diffs: changed and lost are churn, gained is not", () => {
    const changes = diffLoadBalancerIps(
      { "a/x": ["192.168.5.30"], "a/y": ["192.168.5.31"], "a/z": [], "a/same": ["192.168.5.40"] },
      { "a/x": ["192.168.5.32"], "a/z": ["192.168.5.33"], "a/same": ["192.168.5.40"] },
    );
    expect(changes).toEqual([
      { service: "a/x", before: ["192.168.5.30"], after: ["192.168.5.32"], kind: "changed" },
      { service: "a/y", before: ["192.168.5.31"], after: [], kind: "lost" },
      { service: "a/z", before: [], after: ["192.168.5.33"], kind: "gained" },
    ]);
    expect(changes.filter(isChurn).map((c) => c.service)).toEqual(["a/x", "a/y"]);
  });
});
