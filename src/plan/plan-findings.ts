// Verdicts about the repo at the Cilium version this run installs, known before any cluster
// exists. Each is a conformance failure of the repo (exit 1), not of the machine: a manifest the
// version does not serve, a cluster.name its chart refuses, a LAN inside the pod IP pool. `up` and
// `run` create nothing when one is an error (they would only fail later and look like exit 3).

import type { Finding } from "../checks/finding.ts";
import { atManifest, describeManifest } from "../checks/finding-location.ts";
import { parseCiliumVersion } from "../compat/cilium-version.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import { parseCidr, rangesOverlap } from "../net/ip-range.ts";
import type { InfraModel, Manifest } from "../repo/infra-model.ts";
import type { PinnedValue } from "./cli-default-pins.ts";

export interface PlanFindingsInput {
  model: InfraModel;
  compat: CiliumCompat;
  /** The chart version this run installs. */
  chartVersion: string;
  /** Whether it came from --cilium-version rather than the repo's pin. */
  override: boolean;
  lanSubnet: string;
  pins: readonly PinnedValue[];
}

export function planFindings(input: PlanFindingsInput): Finding[] {
  return [...unservedManifests(input), ...clusterNameRefused(input), ...lanInsidePodPool(input)];
}

/** Errors only: what makes `up` and `run` refuse to create a cluster. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === "error");
}

function installing(input: PlanFindingsInput): string {
  return `Cilium ${input.chartVersion} (the version this run installs${input.override ? ", from --cilium-version" : ""})`;
}

function unservedManifests(input: PlanFindingsInput): Finding[] {
  const { model, compat } = input;
  const pools = compat.poolApiVersions.value;
  const policy = compat.l2PolicyApiVersion.value;
  const wrong = (manifest: Manifest, id: string, served: readonly string[]): Finding[] => {
    if (served.includes(manifest.apiVersion)) return [];
    const retry = input.override ? `, or pick a --cilium-version that serves ${manifest.apiVersion}` : "";
    return [
      {
        id,
        severity: "error",
        message: `${describeManifest(manifest)} is ${manifest.apiVersion}, which ${installing(input)} does not serve (it serves ${served.join(", ")}): applying it would fail with "no matches for kind", so no cluster is created. Set \`apiVersion: ${served[0]}\`${retry}.`,
        ...atManifest(manifest, ["apiVersion"]),
      },
    ];
  };
  return [
    ...model.pools.flatMap((pool) => wrong(pool, "pool-api-version", pools)),
    ...model.l2Policies.flatMap((p) => wrong(p, "l2-policy-api-version", [policy])),
  ];
}

function clusterNameRefused(input: PlanFindingsInput): Finding[] {
  const { model, compat } = input;
  const pin = input.pins.find((p) => p.key === "cluster.name");
  if (!pin || typeof pin.value !== "string") return [];
  const name = pin.value;
  const rule = compat.clusterName.value;
  const problems: string[] = [];
  if (name === "") problems.push("it cannot be empty");
  if (!nameChecksSkipped(model, compat)) {
    if (rule.maxLength !== undefined && name.length > rule.maxLength) {
      problems.push(`it must not be more than ${rule.maxLength} characters (it has ${name.length})`);
    }
    if (name !== "" && rule.pattern !== undefined && !new RegExp(rule.pattern).test(name)) {
      problems.push(
        "it must consist of lower-case letters, digits and '-', starting and ending with a letter or digit",
      );
    }
  }
  const id = model.values.get("cluster.id");
  if (name === rule.defaultName && id !== undefined && id !== null && Number(id) !== 0) {
    problems.push(`the default name "${rule.defaultName}" cannot be used with cluster.id ${String(id)}`);
  }
  if (problems.length === 0) return [];
  const where = model.values.locate(pin.origin === "repo" ? "cluster.name" : "cluster.id");
  return [
    {
      id: "cluster-name-invalid",
      severity: "error",
      message: `cluster.name ${JSON.stringify(name)}${pin.origin === "chart-default" ? " (the chart's default)" : ""} is refused by the chart of ${installing(input)}: ${problems.join("; ")} (${compat.clusterName.source}). Helm would refuse the whole release, here and in the homelab. Set a valid \`cluster.name\`.`,
      ...where,
    },
  ];
}

// The 1.16 chart skips its length and pattern checks when upgradeCompatibility is 1.15 or older.
function nameChecksSkipped(model: InfraModel, compat: CiliumCompat): boolean {
  if (compat.minor !== "1.16") return false;
  const value = model.values.get("upgradeCompatibility");
  const version =
    typeof value === "string" || typeof value === "number" ? parseCiliumVersion(`${value}.0`) : undefined;
  return version !== undefined && (version.major < 1 || (version.major === 1 && version.minor <= 15));
}

function lanInsidePodPool(input: PlanFindingsInput): Finding[] {
  const { model, compat } = input;
  const mode = input.pins.find((p) => p.key === "ipam.mode")?.value;
  if (mode !== "cluster-pool") return [];
  const key = "ipam.operator.clusterPoolIPv4PodCIDRList";
  const repoList = model.values.get(key);
  const fromRepo = Array.isArray(repoList);
  const cidrs = (fromRepo ? repoList : compat.clusterPoolPodCidrsDefault.value).filter(
    (entry): entry is string => typeof entry === "string",
  );
  const lan = parseCidr(input.lanSubnet);
  const clash = cidrs.find((text) => {
    const cidr = parseCidr(text);
    return lan !== undefined && cidr !== undefined && rangesOverlap(lan, cidr);
  });
  if (clash === undefined) return [];
  return [
    {
      id: "lan-inside-pod-pool",
      severity: "error",
      message: `ipam.mode cluster-pool hands out pod IPs from ${clash} (${fromRepo ? key : `${key}, the chart's default`}), which overlaps the LAN ${input.lanSubnet}: pods and LAN hosts would share addresses, in the homelab as on kind. Set \`${key}\` to a range outside the LAN.`,
      ...model.values.locate(fromRepo ? key : "ipam.mode"),
    },
  ];
}
