// The RunPlan: everything `up` will do, computed purely from the repo model and the options,
// so it can be printed (`plan`), written to disk and tested before anything runs.
// Every field is plain JSON (no Maps, no class instances, no undefined inside arrays), so the
// plan round-trips through `JSON.stringify` / `JSON.parse` unchanged.

import type { Finding } from "../checks/finding.ts";
import type { RepoContractsPlan } from "../conformance/repo-contracts/contracts-plan.ts";
import type { SourceLocation } from "../repo/infra-model.ts";
import type { PinnedValue } from "./cli-default-pins.ts";
import type { ConnectivityPlan } from "./connectivity-plan.ts";
import type { WaitBudgets } from "./wait-budgets.ts";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Values only known while `up` runs. They appear verbatim in the plan (in argv, env and the values
 * overlay) and `resolvePlaceholders` (placeholders.ts) replaces them before use.
 */
export const PLACEHOLDERS = {
  /** The control-plane container's address on the LAN network (the API server for Cilium). */
  controlPlaneIp: "${controlPlaneIp}",
  /** Folder where `up` writes the plan files (kind-config.yaml, values.yaml, values-overlay.yaml, manifests/). */
  planDir: "${planDir}",
  /** Path of the kubeconfig `kind create cluster` writes for this run. */
  kubeconfig: "${kubeconfig}",
  /** The run's report folder (reports/<run-id>); only `test` uses it (the connectivity test's files). */
  reportDir: "${reportDir}",
} as const;
export type PlaceholderName = keyof typeof PLACEHOLDERS;

/** Where a deviation changes something. */
export type DeviationTarget = "values" | "kind-config" | "manifest";

/** One change kind forces on the repo's configuration, with why. */
export interface Deviation {
  target: DeviationTarget;
  /** Dotted values key (`k8sServiceHost`), `<Kind>/<name> spec.interfaces`, or `nodes[worker].labels.<key>`. */
  key: string;
  /** What the repo says; null when the repo does not set it. */
  repoValue: JsonValue;
  /** What the harness uses on kind. */
  kindValue: JsonValue;
  reason: string;
  /** Where the repo value was written, when the repo sets it. */
  source?: SourceLocation;
}

export type ChartVersionOrigin = "repo" | "override";

export interface CiliumInstallPlan {
  /** Chart version to install, e.g. "1.18.11". */
  chartVersion: string;
  /** Whether it is the repo's pin or `--cilium-version`. */
  chartVersionOrigin: ChartVersionOrigin;
  /** The repo's pin, even when overridden. */
  repoChartVersion: string;
  /** Where the repo's chart comes from (HelmRepository / OCIRepository URL), for the record. */
  chartSource: { kind: string; url: string | null; name: string };
  /** Compat table minor used for every version-dependent fact, e.g. "1.18". */
  compatMinor: string;
  /** Namespace the release is installed into (the HelmRelease's target namespace). */
  namespace: string;
  /** The repo's merged values, verbatim (written as values.yaml). */
  values: JsonObject;
  /** Only what kind forces (written as values-overlay.yaml, applied after values.yaml). */
  overlay: JsonObject;
  /** One entry per overlay key that changes what the repo says, explaining it. */
  deviations: Deviation[];
  /**
   * Keys the overlay pins to the repo's value or the chart's default (cluster.name, ipam.mode,
   * operator.replicas) because `cilium install` would otherwise change them on kind.
   */
  pinnedValues: PinnedValue[];
  /** Arguments after `cilium` for the install (also in `commands`). */
  installArgs: string[];
}

/** Version-dependent names the suites and workloads must use for this chart version (from src/compat). */
export interface CompatFacts {
  /** apiVersion to write pools with (the first the chart serves). */
  poolApiVersion: string;
  poolApiVersionsServed: string[];
  l2PolicyApiVersion: string;
  ipsAnnotation: string;
  sharingKeyAnnotation: string;
  serviceConditionType: string;
}

export interface KindNodeLabelPlan {
  /** kind node name, e.g. `cc-abc-worker2` (kind names nodes deterministically). */
  node: string;
  labels: Record<string, string>;
}

export interface KindPlan {
  /** kind release the node image belongs to, e.g. "v0.31.0". */
  version: string;
  /** Node image pinned by digest. */
  nodeImage: string;
  /** Effective kind config (base file plus node labels), as an object. */
  config: JsonObject;
  /** The same config as YAML, written as kind-config.yaml. */
  configYaml: string;
  /** Repo-relative or absolute path of the base config it came from. */
  baseConfigFile: string;
  controlPlaneNodes: string[];
  workerNodes: string[];
  /**
   * Labels kubelet refuses to set itself (kubernetes.io / k8s.io namespaces, e.g.
   * node-role.kubernetes.io/worker): applied through the API right after `kind create`.
   */
  postCreateLabels: KindNodeLabelPlan[];
}

export interface LanPlan {
  /** Docker network name, `cc-lan-<runId>`. */
  networkName: string;
  /** The LAN enclosing the pool, e.g. 192.168.5.0/24. */
  subnet: string;
  gateway: string;
  /** Docker `--ip-range` (a CIDR) from which nodes and the LAN client take addresses. */
  ipRange: string;
  /** How many addresses the ip-range holds and how many the run needs. */
  ipRangeSize: number;
  addressesNeeded: number;
  /** Docker labels put on the network. */
  labels: Record<string, string>;
  /** Where the subnet came from. */
  subnetOrigin: "declared" | "derived-from-pool";
  /** Ranges the ip-range was kept away from, with why. */
  avoided: { range: string; why: string }[];
  /** Anything a reader should know (e.g. the DHCP range could not be avoided). */
  notes: string[];
}

export interface GatewayApiPlan {
  /** Gateway API release, e.g. "v1.2.0". */
  version: string;
  channel: "standard" | "experimental";
  /** Release install URL first, then single experimental CRD files. */
  urls: string[];
  /** Full CRD names to wait `Established` for, e.g. `gateways.gateway.networking.k8s.io`. */
  crdNames: string[];
  /** Experimental CRDs added on top of the channel (plural stems, e.g. "tlsroutes"). */
  extraExperimentalCrds: string[];
  /** Where the requirement was read (compat table source). */
  source: string;
}

/** A repo manifest to apply, verbatim unless `deviations` says otherwise. */
export interface PlannedManifest {
  apiVersion: string;
  kind: string;
  name: string;
  /** File name under `${planDir}/manifests/`. */
  file: string;
  /** Where it came from in the repo. */
  source: SourceLocation;
  body: JsonObject;
  deviations: Deviation[];
}

export interface ManifestsPlan {
  pools: PlannedManifest[];
  l2Policies: PlannedManifest[];
}

export type PlanPhase =
  | "lan-network"
  | "kind-cluster"
  | "node-labels"
  | "gateway-api-crds"
  | "cilium-install"
  | "cilium-ready"
  | "cluster-ready"
  | "repo-manifests"
  | "teardown";

interface StepBase {
  phase: PlanPhase;
  description: string;
}

/** An external program. argv[0] is the tool's logical name (docker, kind, cilium); the tools layer maps it to a binary. */
export interface ExecStep extends StepBase {
  action: "exec";
  argv: string[];
  env?: Record<string, string>;
}

/** A server-side apply through the harness's Kubernetes layer (not kubectl). */
export interface K8sApplyStep extends StepBase {
  action: "k8s-apply";
  /** URLs or `${planDir}/…` files, applied in order. */
  sources: string[];
  fieldManager: string;
}

/** Node labels set through the API (kubelet may not set these itself). */
export interface K8sLabelStep extends StepBase {
  action: "k8s-label";
  nodes: KindNodeLabelPlan[];
}

/** A named, budgeted wait (see wait-budgets.ts). */
export interface WaitStep extends StepBase {
  action: "wait";
  /** Key of `budgets`. */
  wait: string;
  budgetMs: number;
  /** Condition type that must be True on every target. */
  condition: string;
  /** Objects as `<resource>/<name>`: `crd/gateways.gateway.networking.k8s.io`, `node/cc-x-worker`, `gatewayclass/cilium`. */
  targets: string[];
}

export type PlannedStep = ExecStep | K8sApplyStep | K8sLabelStep | WaitStep;

export interface RunPlan {
  schemaVersion: 1;
  runId: string;
  clusterName: string;
  /** kube context kind writes: `kind-<clusterName>`. */
  kubeContext: string;
  repoRoot: string;
  /** Keep the cluster after the run (`--keep`). */
  keep: boolean;
  cilium: CiliumInstallPlan;
  compatFacts: CompatFacts;
  kind: KindPlan;
  lan: LanPlan;
  gatewayApi: GatewayApiPlan;
  manifests: ManifestsPlan;
  budgets: WaitBudgets;
  /** Every deviation of the run (values, kind config, manifests), for the report. */
  deviations: Deviation[];
  /** What `up` does, in order. */
  commands: PlannedStep[];
  /** What `down` does, in order. */
  downCommands: PlannedStep[];
  /** What `test` passes to `cilium connectivity test`. */
  connectivity: ConnectivityPlan;
  /** What the repo-contracts suite applies, stands in, probes, and cannot prove here. */
  repoContracts: RepoContractsPlan;
  /**
   * Verdicts about the repo at this chart version, known before any cluster exists (a manifest it
   * does not serve, a cluster.name its chart refuses, …). An error makes `up` and `run` create
   * nothing and fail with exit 1: a conformance failure of the repo, not of the machine.
   */
  findings: Finding[];
  /** Placeholder tokens used above and what `up` substitutes for each. */
  placeholders: Record<PlaceholderName, string>;
}
