// A small but complete report model for the writer tests: a passing and a failing vitest suite,
// connectivity cases (one failed with actions), static-check findings, deviations and timings.

import type { Finding } from "../../src/checks/finding.ts";
import type { ReportModel } from "../../src/report/report-model.ts";
import { staticCheckSuite } from "../../src/report/static-check-suite.ts";

/** Two rules, as `run` reports them: one case each, whatever they found. */
export const sampleRules = [
  {
    id: "pool-lan-collisions",
    title: "Pools stay clear of the LAN's network and broadcast address",
    emits: ["pool-range-includes-broadcast"],
  },
  { id: "pool-overlap", title: "No two blocks overlap" },
];

const sampleFindings: Finding[] = [
  {
    id: "pool-range-includes-broadcast",
    severity: "warning",
    message: "the pool ends at .255 | the broadcast",
    file: "infra/pool.yaml",
    line: 9,
  },
];

export function sampleReport(): ReportModel {
  return {
    schemaVersion: 1,
    run: {
      runId: "20261120-0312-ab12",
      startedAt: "2026-11-20T03:12:00.000Z",
      finishedAt: "2026-11-20T03:24:30.000Z",
      versions: {
        cilium: "1.18.3",
        chart: "1.18.3",
        kind: "v0.31.0",
        nodeImage:
          "kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f",
        gatewayApi: "v1.2.0",
        ciliumCli: "v0.19.7",
      },
      command: "run --offline",
    },
    deviations: [
      {
        key: "k8sServiceHost",
        repoValue: "192.168.5.10",
        kindValue: "cc-r1-control-plane",
        reason: "kind's API server is the control-plane container",
      },
      {
        key: "devices",
        repoValue: "eth0|enp1s0",
        kindValue: "eth0",
        reason: "kind nodes have one interface | named eth0",
      },
    ],
    phases: [
      { phase: "preflight", durationMs: 1200, status: "ok" },
      { phase: "kind create", durationMs: 61_500, status: "ok" },
      { phase: "cilium ready", durationMs: 95_000, status: "ok" },
    ],
    suites: [
      staticCheckSuite(sampleFindings, sampleRules, 46),
      {
        name: "provisioning",
        title: "Provisioning",
        source: "provisioning",
        cases: [{ name: "Infrastructure/Provisioning", status: "passed", durationMs: 157_700 }],
      },
      {
        name: "lb-ipam",
        title: "LB-IPAM",
        source: "vitest",
        cases: [
          { name: "pool applied verbatim", status: "passed", durationMs: 2100 },
          { name: "requested last address is honoured", status: "passed", durationMs: 4300 },
        ],
      },
      {
        name: "l2-announcements",
        title: "L2 announcements",
        source: "vitest",
        cases: [
          {
            name: "exactly one MAC answers ARP",
            status: "passed",
            durationMs: 3500,
            attachments: [
              { name: "ARP transcript", path: "attachments/arp-1.txt", contentType: "text/plain" },
            ],
          },
          {
            name: "failover to another node",
            status: "failed",
            durationMs: 41_000,
            failureMessage:
              "l2Failover: no new holder answered after 30s (last: lease holder cc-worker2, ARP silent)",
            failureText:
              "l2Failover: no new holder answered after 30s (last: lease holder cc-worker2, ARP silent)\nsee Cilium #48626",
            figures: [
              {
                name: "failover time",
                value: 31_200,
                unit: "ms",
                limit: 30_000,
                note: "two MACs answered for 0 ms",
              },
            ],
          },
        ],
      },
      {
        name: "connectivity",
        title: "cilium connectivity test",
        source: "connectivity",
        cases: [
          { name: "no-policies", status: "passed", durationMs: 21_250 },
          { name: "to-fqdns", status: "skipped", durationMs: 0, skipReason: "to-fqdns skipped" },
          {
            name: "client-egress-l7",
            status: "failed",
            durationMs: 30_400,
            failureMessage: "1 action(s) failed, first pod-to-pod:curl-ipv4-2 (a -> b)",
            failureText: "client-egress-l7/pod-to-pod:curl-ipv4-2: a (10.0.0.1) -> b (10.0.0.2:8080)",
          },
        ],
      },
    ],
    findings: [...sampleFindings],
  };
}
