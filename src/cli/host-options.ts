// Options about the machine that stands the cluster up (up, run): what preflight may accept.

import type { PreflightPolicy } from "../tools/preflight.ts";
import type { CommandInput, OptionSpec } from "./command.ts";
import { booleanOption } from "./options.ts";

export const HOST_OPTIONS: readonly OptionSpec[] = [
  {
    name: "allow-cgroup-v1",
    type: "boolean",
    description:
      "accept a cgroup v1 host in preflight (only for a kind node image that still runs on it — kubelets from v1.35 refuse cgroup v1 — and without Cilium's socket load-balancing guarantees on kind)",
  },
];

export function preflightPolicy(input: CommandInput): PreflightPolicy {
  return { allowCgroupV1: booleanOption(input, "allow-cgroup-v1") };
}
