import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/kube-access.ts";
import { lanOnlyTargets, probeTargets } from "../../../src/upgrade/in-place/probe-targets.ts";

const gateway: KubeObject = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "homelab", namespace: "gateway" },
  spec: { gatewayClassName: "cilium", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] },
  status: { addresses: [{ type: "IPAddress", value: "192.168.5.30" }] },
};
const route: KubeObject = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "whoami", namespace: "whoami" },
  spec: { parentRefs: [{ name: "homelab", namespace: "gateway" }], hostnames: ["whoami.home.example"] },
};
const lb = (name: string, ip: string, port: number): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: name === "cilium-gateway-homelab" ? "gateway" : "home" },
  spec: { type: "LoadBalancer", ports: [{ port }] },
  status: { loadBalancer: { ingress: [{ ip }] } },
});

describe("probe targets from the cluster's objects", () => {
  it("probes the Gateway's address with a hostname its routes serve, and watches it over ARP", () => {
    const targets = probeTargets({
      gateways: [gateway],
      httpRoutes: [route],
      services: [lb("cilium-gateway-homelab", "192.168.5.30", 80), lb("dns", "192.168.5.53", 53)],
    });
    expect(targets).toEqual({
      http: [
        { name: "http gateway gateway/homelab", url: "http://192.168.5.30/", host: "whoami.home.example" },
      ],
      arp: ["192.168.5.30"],
    });
  });

  it("adds other LoadBalancer Services with an HTTP port; ARP watches up to the limit", () => {
    const targets = probeTargets(
      {
        gateways: [],
        httpRoutes: [],
        services: [lb("web", "192.168.5.40", 8080), lb("dns", "192.168.5.53", 53)],
      },
      2,
    );
    expect(targets.http).toEqual([
      { name: "http service home/web", url: "http://192.168.5.40:8080/", host: undefined },
    ]);
    expect(targets.arp).toEqual(["192.168.5.40", "192.168.5.53"]);
  });

  it("skips a Gateway without an address yet and turns a wildcard listener into a concrete name", () => {
    const pending = { ...gateway, status: {} };
    const wildcard: KubeObject = {
      ...gateway,
      metadata: { name: "wild", namespace: "gateway" },
      spec: { listeners: [{ name: "http", protocol: "HTTP", port: 8080, hostname: "*.home.example" }] },
    };
    const targets = probeTargets({ gateways: [pending, wildcard], httpRoutes: [], services: [] });
    expect(targets.http).toEqual([
      { name: "http gateway gateway/wild", url: "http://192.168.5.30:8080/", host: "probe.home.example" },
    ]);
  });
});

describe("lanOnlyTargets", () => {
  it("keeps the targets on the run's LAN and says why the others are not probed", () => {
    const targets = [
      { name: "gateway", url: "http://192.168.5.30/", host: "a.home.arpa" },
      { name: "outside", url: "http://192.168.6.0:8080/", host: undefined },
    ];
    const split = lanOnlyTargets(targets, "192.168.5.0/24");
    expect(split.kept).toEqual([targets[0]]);
    expect(split.refused).toEqual([
      {
        url: "http://192.168.6.0:8080/",
        why: expect.stringContaining("192.168.6.0 is outside the run's LAN"),
      },
    ]);
  });
});
