import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StatusResponse } from "../../../../../rehearsal/cilium/agent/status/status-response.ts";
import { formatStatus, formatStatusBrief } from "../../../../../rehearsal/cilium/agent/status/status-text.ts";
import { tabwrite } from "../../../../../rehearsal/go/tabwriter.ts";

const SAMPLE = join(
  import.meta.dirname,
  "../../../../../../shared/cilium-samples/cilium-status/docs-troubleshooting__cilium-dbg-status.txt",
);

const healthy: StatusResponse = {
  kvstore: { state: "Disabled" },
  kubernetes: {
    state: "Ok",
    msg: "1.33 (v1.33.1) [linux/amd64]",
    "k8s-api-versions": ["cilium/v2::CiliumNode", "core/v1::Service", "core/v1::Pod"],
  },
  "kube-proxy-replacement": {
    mode: "True",
    devices: ["eth0"],
    deviceList: [{ name: "eth0", ip: ["172.18.0.3", "fc00:f853:ccd:e793::3"] }],
    directRoutingDevice: "eth0",
  },
  "cni-chaining": { mode: "none" },
  "cni-file": { msg: "successfully wrote CNI configuration file to /host/etc/cni/net.d/05-cilium.conflist" },
  cilium: { state: "Ok", msg: "1.18.11 (v1.18.11-abc)" },
  nodeMonitor: { cpus: 2, npages: 64, pagesize: 4096 },
  ipam: { status: "IPv4: 5/254 allocated from 10.244.1.0/24, " },
  routing: { "inter-host-routing-mode": "Native", "intra-host-routing-mode": "Legacy" },
  "attach-mode": "tcx",
  "datapath-mode": "veth",
  masquerading: { enabled: true, enabledProtocols: { ipv4: true, ipv6: false }, mode: "iptables" },
  controllers: [
    { name: "a", status: { "success-count": 3 } },
    { name: "b", status: {} },
  ],
  proxy: {
    ip: "10.244.1.9",
    "port-range": "10000-20000",
    "total-redirects": 0,
    "envoy-deployment-mode": "external",
  },
  "identity-range": { "min-identity": 256, "max-identity": 65535 },
  hubble: {
    state: "Ok",
    observer: { "current-flows": 2542, "max-flows": 4095, "seen-flows": 16421, uptime: 100e9 },
  },
  "hubble-metrics": { state: "Disabled" },
};

describe("go tabwriter", () => {
  it("pads each column block to its widest cell + padding; the last cell of a line is free", () => {
    const out = tabwrite("a:\tTrue\t[x]\nlonger label:\tFalse\t\nz\nb:\tc\n", { minwidth: 2, padding: 3 });
    expect(out).toBe(`a:${" ".repeat(14)}True    [x]\nlonger label:   False   \nz\nb:   c\n`);
  });
});

describe("cilium-dbg status text", () => {
  const text = formatStatus(healthy);
  const lines = text.trimEnd().split("\n");

  it("prints the KubeProxyReplacement line as Cilium does: mode, then the devices with their IPs", () => {
    expect(lines).toContain(
      "KubeProxyReplacement:    True   [eth0 172.18.0.3 fc00:f853:ccd:e793::3 (Direct Routing)]",
    );
    const off = formatStatus({
      ...healthy,
      "kube-proxy-replacement": { ...healthy["kube-proxy-replacement"]!, mode: "False" },
    });
    expect(off).toMatch(/^KubeProxyReplacement: +False +$/m);
  });

  it("has the real sample's line shapes (docs troubleshooting output)", () => {
    const sample = readFileSync(SAMPLE, "utf8").trimEnd().split("\n");
    const shapes: Record<string, RegExp> = {
      "Kubernetes APIs:": /^Kubernetes APIs: +\["[^"]+"(, "[^"]+")*\]$/,
      "Controller Status:": /^Controller Status: +\d+\/\d+ healthy$/,
      "Hubble:":
        /^Hubble: +Ok +Current\/Max Flows: \d+\/\d+ \(\d+\.\d\d%\), Flows\/s: \d+\.\d\d +Metrics: \w+$/,
      "NodeMonitor:": /^NodeMonitor: +Listening for events on \d+ CPUs with \d+x\d+ of shared memory$/,
      "Kubernetes:": /^Kubernetes: +Ok +\S/,
      "Cilium:": /^Cilium: +Ok +\S/,
    };
    for (const [label, shape] of Object.entries(shapes)) {
      expect(
        sample.find((l) => l.startsWith(label)),
        `sample has ${label}`,
      ).toMatch(shape);
      expect(
        lines.find((l) => l.startsWith(label)),
        `ours has ${label}`,
      ).toMatch(shape);
    }
  });

  it("aligns every value column of the block at one position, as the tabwriter does", () => {
    // Every line has a label cell; "Cluster health:" ends in an empty cell, so its text sits a column further.
    const labelled = lines.filter((l) => !l.startsWith("Cluster health:"));
    const starts = new Set(labelled.map((l) => /^[^:]+:( +)/.exec(l)![0].length));
    expect(starts.size).toBe(1);
    expect(text).toContain("IPAM:                    IPv4: 5/254 allocated from 10.244.1.0/24, \n");
    expect(lines.at(-1)).toMatch(/^Cluster health: +Probe disabled$/);
  });

  it("--brief says OK, or names the first unhealthy part", () => {
    expect(formatStatusBrief(healthy)).toBe("OK\n");
    expect(
      formatStatusBrief({
        ...healthy,
        kubernetes: { state: "Failure", msg: "unreachable", "k8s-api-versions": [] },
      }),
    ).toBe("error in kubernetes: unreachable\n");
  });
});
