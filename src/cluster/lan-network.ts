// The LAN network's safety rules: never reuse a network this run did not label, and when docker
// refuses the subnet, name the networks that hold it.

import { EnvironmentError } from "../errors.ts";
import { parseCidr, rangesOverlap } from "../net/ip-range.ts";
import type { LanPlan } from "../plan/run-plan.ts";
import type { DockerNetwork } from "../tools/docker.ts";
import { MANAGED_LABEL, RUN_ID_LABEL } from "./harness-labels.ts";

export interface LanDocker {
  networkInspect(name: string): Promise<DockerNetwork | undefined>;
  /** With no labels: every network. */
  networkListByLabel(labels: readonly string[]): Promise<string[]>;
}

/** "create" when the name is free; "reuse" when this run already made it (a retried `up`). */
export async function checkLanNetworkName(
  lan: LanPlan,
  runId: string,
  docker: LanDocker,
): Promise<"create" | "reuse"> {
  const existing = await docker.networkInspect(lan.networkName);
  if (!existing) return "create";
  const ours = existing.labels[RUN_ID_LABEL] === runId && existing.labels[MANAGED_LABEL] === "true";
  if (ours && existing.subnet === lan.subnet && existing.ipRange === lan.ipRange) return "reuse";
  const labels = Object.entries(existing.labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
  throw new EnvironmentError(
    "CC_ENV_NETWORK_CONFLICT",
    ours
      ? `docker network ${lan.networkName} exists with subnet ${existing.subnet ?? "?"} / ip-range ${existing.ipRange ?? "?"}, not the planned ${lan.subnet} / ${lan.ipRange}`
      : `docker network ${lan.networkName} already exists and was not created by run ${runId} (labels: ${labels || "none"}); the harness never reuses a network it did not create`,
    {
      hint: `if it is a harness leftover, \`cilium-conformance down --all\` removes it; otherwise choose another --name or remove it yourself (\`docker network rm ${lan.networkName}\`)`,
    },
  );
}

/** Networks whose IPv4 subnet overlaps the planned LAN (why docker said "Pool overlaps"). */
export async function overlappingNetworks(lan: LanPlan, docker: LanDocker): Promise<DockerNetwork[]> {
  const wanted = parseCidr(lan.subnet);
  if (!wanted) return [];
  const found: DockerNetwork[] = [];
  for (const name of await docker.networkListByLabel([])) {
    const network = await docker.networkInspect(name);
    const subnet = network?.subnet ? parseCidr(network.subnet) : undefined;
    if (network && subnet && rangesOverlap(wanted, subnet)) found.push(network);
  }
  return found;
}

export function lanOverlapError(lan: LanPlan, overlapping: readonly DockerNetwork[]): EnvironmentError {
  const names = overlapping.map(
    (n) => `${n.name} (${n.subnet}${n.labels[MANAGED_LABEL] === "true" ? ", a harness leftover" : ""})`,
  );
  return new EnvironmentError(
    "CC_ENV_NETWORK_CONFLICT",
    `docker refused the LAN ${lan.subnet}: it overlaps ${names.length ? names.join(", ") : "another network or route on this host"}`,
    {
      hint: "remove harness leftovers with `cilium-conformance down --all`; otherwise remove the other network or declare another LAN in .cilium-conformance.yaml",
    },
  );
}
