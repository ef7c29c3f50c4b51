import { describe, expect, it } from "vitest";
import {
  endpointListText,
  endpointModel,
} from "../../../../../rehearsal/cilium/agent/status/endpoint-model.ts";

describe("cilium-dbg endpoint list", () => {
  const host = endpointModel({ id: 1200, ip: undefined, identity: 1, labels: ["reserved:host"] });
  const pod = endpointModel({
    id: 88,
    ip: "10.244.1.7",
    identity: 31000,
    labels: ["k8s:app=echo", "k8s:io.kubernetes.pod.namespace=demo"],
    namespace: "demo",
    podName: "echo-1",
    containerId: "abc",
  });

  it("reports pods as ready endpoints with their pod name, as cilium-cli's status reads them", () => {
    expect(pod.status).toMatchObject({
      state: "ready",
      "external-identifiers": {
        "k8s-namespace": "demo",
        "k8s-pod-name": "echo-1",
        "pod-name": "demo/echo-1",
      },
      identity: { id: 31000 },
      networking: { addressing: [{ ipv4: "10.244.1.7" }] },
    });
  });

  it("prints the table sorted by ID with one continuation row per further label", () => {
    const lines = endpointListText([host, pod]).trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^ENDPOINT +POLICY \(ingress\) +POLICY \(egress\) +IDENTITY +LABELS \(source:key\[=value\]\) +IPv6 +IPv4 +STATUS/,
    );
    expect(lines[2]).toMatch(/^88 +Disabled +Disabled +31000 +k8s:app=echo +10\.244\.1\.7 +ready/);
    expect(lines[3]).toMatch(/^ +k8s:io\.kubernetes\.pod\.namespace=demo *$/);
    expect(lines[4]).toMatch(/^1200 +Disabled +Disabled +1 +reserved:host +ready/);
  });
});
