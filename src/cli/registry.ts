import type { Command } from "./command.ts";

/**
 * Every command, loaded lazily so that `check` does not pay for the Kubernetes client or
 * testcontainers. A new command is one file exporting `command` plus one line here.
 */
export const commandRegistry: readonly { name: string; summary: string; load: () => Promise<Command> }[] = [
  {
    name: "check",
    summary: "check the GitOps repo statically: values, pools, L2 policies, Gateway API (no cluster)",
    load: async () => (await import("./check-command.ts")).command,
  },
  {
    name: "plan",
    summary:
      "show what `up` would do: kind config, LAN, Cilium values overlay and deviations, commands (offline)",
    load: async () => (await import("./plan-command.ts")).command,
  },
  {
    name: "up",
    summary: "stand up the kind cluster on the mirrored LAN and install Cilium from the repo's values",
    load: async () => (await import("./up-command.ts")).command,
  },
  {
    name: "down",
    summary: "remove a run's kind cluster and LAN network (or, with --all, every harness leftover)",
    load: async () => (await import("./down-command.ts")).command,
  },
  {
    name: "probe",
    summary: "probe the wire as a LAN user: `probe arp <ip> --network <net>` or `probe http <url>`",
    load: async () => (await import("./probe-command.ts")).command,
  },
  {
    name: "test",
    summary: "run the conformance suites against the cluster of the last `up` and write the report",
    load: async () => (await import("./test-command.ts")).command,
  },
  {
    name: "run",
    summary: "check → up → test → down in one go, with one report (what CI runs)",
    load: async () => (await import("./run-command.ts")).command,
  },
  {
    name: "upgrade",
    summary: "preview a Cilium upgrade against the repo (values keys, schema, compat); optionally run it",
    load: async () => (await import("./upgrade-command.ts")).command,
  },
  {
    name: "versions",
    summary: "the Cilium versions to try with the repo: pinned, newest patch, newest of each later minor",
    load: async () => (await import("./versions-command.ts")).command,
  },
  {
    name: "gather",
    summary: "merge the report.json of several runs (one per Cilium version) into one compatibility table",
    load: async () => (await import("./gather-command.ts")).command,
  },
  {
    name: "report",
    summary: "turn a run's Allure results into HTML (offline)",
    load: async () => (await import("./report-command.ts")).command,
  },
];
