// The steps of `up` and `down`, in order, as data: argv arrays for external tools (argv[0] is
// the tool's logical name; the tools layer maps it to the pinned binary), server-side applies and
// node labels through the Kubernetes layer, and named waits with their budgets.

import { formatGoDuration } from "../go/go-duration.ts";
import type { Promises } from "../repo/infra-model.ts";
import {
  type CiliumInstallPlan,
  type GatewayApiPlan,
  type JsonObject,
  type KindPlan,
  type LanPlan,
  type ManifestsPlan,
  PLACEHOLDERS,
  type PlannedStep,
} from "./run-plan.ts";
import type { WaitBudgets } from "./wait-budgets.ts";

export const FIELD_MANAGER = "cilium-conformance";

/** The Helm release `cilium install` creates (cilium-cli/cli/cmd.go: --helm-release-name defaults to cilium). */
export const CILIUM_RELEASE = "cilium";
/** Wait target of a whole release's rollout and its pseudo-condition (src/cluster/provisioning-waits.ts). */
export const HELM_RELEASE_TARGET = "helm-release";
export const ROLLED_OUT = "RolledOut";

/**
 * A run's folder layout (reports/<run-id>/, src/cluster/report-paths.ts): the plan files live in
 * its `plan/` subfolder (`${planDir}`) and kind writes the kubeconfig beside that folder, so a
 * script in `${planDir}` finds it at `${planDir}/../kubeconfig`.
 */
export const RUN_LAYOUT = { planDir: "plan", kubeconfig: "kubeconfig" } as const;

/** File names inside `${planDir}` that the commands refer to (written by `up` and by `plan --out`). */
export const PLAN_FILES = {
  kindConfig: "kind-config.yaml",
  values: "values.yaml",
  valuesOverlay: "values-overlay.yaml",
  manifestsDir: "manifests",
  commandsScript: "commands.sh",
  ciliumNamespace: "cilium-namespace.yaml",
} as const;

/** Namespaces every cluster has: `cilium install` needs no step to create them. */
const BUILT_IN_NAMESPACES = new Set(["kube-system", "default"]);

/**
 * The Namespace Cilium goes into, when the cluster does not have it yet. `cilium install` does not
 * create it (cilium-cli v0.19.7 install/install.go InstallWithHelm: helm's action.Install without
 * CreateNamespace fails with 'namespaces "<ns>" not found'), while Flux does
 * (HelmRelease install.createNamespace) or the repo carries it as a manifest.
 */
export function ciliumNamespaceManifest(namespace: string): JsonObject | undefined {
  if (BUILT_IN_NAMESPACES.has(namespace)) return undefined;
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } };
}

const inPlanDir = (name: string) => `${PLACEHOLDERS.planDir}/${name}`;

export interface CommandsInput {
  clusterName: string;
  lan: LanPlan;
  kind: KindPlan;
  gatewayApi: GatewayApiPlan;
  cilium: Omit<CiliumInstallPlan, "installArgs">;
  manifests: ManifestsPlan;
  budgets: WaitBudgets;
  promises: Promises;
}

export function ciliumInstallArgs(cilium: Omit<CiliumInstallPlan, "installArgs">): string[] {
  return [
    "install",
    "--version",
    cilium.chartVersion,
    "--namespace",
    cilium.namespace,
    ...repositoryArgs(cilium.chartSource),
    "-f",
    inPlanDir(PLAN_FILES.values),
    "-f",
    inPlanDir(PLAN_FILES.valuesOverlay),
  ];
}

// cilium-cli embeds the official charts; a repo that installs from a mirror keeps its mirror.
function repositoryArgs(source: CiliumInstallPlan["chartSource"]): string[] {
  const url = source.url;
  if (source.kind !== "HelmRepository" || !url || !url.startsWith("https://")) return [];
  if (url.replace(/\/+$/, "") === "https://helm.cilium.io") return [];
  return ["--repository", url];
}

export function planUpCommands(input: CommandsInput): PlannedStep[] {
  const { lan, kind, gatewayApi, cilium, manifests, budgets } = input;
  const kubeEnv = { KUBECONFIG: PLACEHOLDERS.kubeconfig };
  const steps: PlannedStep[] = [
    {
      phase: "lan-network",
      action: "exec",
      description: `create the mirrored LAN ${lan.subnet} (nodes and the LAN client from ${lan.ipRange}, clear of the pool)`,
      argv: [
        "docker",
        "network",
        "create",
        "--driver",
        "bridge",
        "--subnet",
        lan.subnet,
        "--gateway",
        lan.gateway,
        "--ip-range",
        lan.ipRange,
        ...Object.entries(lan.labels).flatMap(([key, value]) => ["--label", `${key}=${value}`]),
        lan.networkName,
      ],
    },
    {
      phase: "kind-cluster",
      action: "exec",
      description: `create kind cluster ${input.clusterName} (${kind.workerNodes.length} workers, no kube-proxy, no CNI) on ${lan.networkName}; --retain keeps failed nodes for diagnostics`,
      argv: [
        "kind",
        "create",
        "cluster",
        "--name",
        input.clusterName,
        "--config",
        inPlanDir(PLAN_FILES.kindConfig),
        "--image",
        kind.nodeImage,
        "--kubeconfig",
        PLACEHOLDERS.kubeconfig,
        "--retain",
      ],
      env: { KIND_EXPERIMENTAL_DOCKER_NETWORK: lan.networkName },
    },
  ];
  if (kind.postCreateLabels.length > 0) {
    steps.push({
      phase: "node-labels",
      action: "k8s-label",
      description: "label the workers through the API (kubelet may not set kubernetes.io labels itself)",
      nodes: kind.postCreateLabels,
    });
  }
  steps.push(
    {
      phase: "gateway-api-crds",
      action: "k8s-apply",
      description: `server-side apply Gateway API ${gatewayApi.version} (${gatewayApi.channel}${gatewayApi.extraExperimentalCrds.length > 0 ? ` + experimental ${gatewayApi.extraExperimentalCrds.join(", ")}` : ""}) through the Kubernetes layer, before Cilium`,
      sources: gatewayApi.urls,
      fieldManager: FIELD_MANAGER,
    },
    {
      phase: "gateway-api-crds",
      action: "wait",
      description: "wait until every Gateway API CRD is Established (the operator checks them once at start)",
      wait: "gatewayApiCrdsEstablished",
      budgetMs: budgets.gatewayApiCrdsEstablished,
      condition: "Established",
      targets: gatewayApi.crdNames.map((name) => `crd/${name}`),
    },
    ...(ciliumNamespaceManifest(cilium.namespace)
      ? [
          {
            phase: "cilium-install" as const,
            action: "k8s-apply" as const,
            description: `server-side apply Namespace ${cilium.namespace} (cilium install does not create it; Flux does, through install.createNamespace or the repo's Namespace)`,
            sources: [inPlanDir(PLAN_FILES.ciliumNamespace)],
            fieldManager: FIELD_MANAGER,
          },
        ]
      : []),
    {
      phase: "cilium-install",
      action: "exec",
      description: `install Cilium ${cilium.chartVersion} with the repo's values, then the kind overlay (${cilium.deviations.length} deviations)`,
      argv: ["cilium", ...ciliumInstallArgs(cilium)],
      env: kubeEnv,
    },
    {
      phase: "cilium-ready",
      action: "exec",
      description:
        "wait until cilium status reports no error (agents, operator, Envoy and Hubble ready, no failing controller); its warnings are recorded, not fatal: the rollout wait below catches what they hide",
      argv: [
        "cilium",
        "status",
        "--namespace",
        cilium.namespace,
        "--wait",
        "--wait-duration",
        formatGoDuration(budgets.ciliumReady),
        "--ignore-warnings",
        "--interactive=false",
      ],
      env: kubeEnv,
    },
    {
      phase: "cilium-ready",
      action: "wait",
      description: `wait until every DaemonSet and Deployment of Helm release ${CILIUM_RELEASE} is rolled out and available`,
      wait: "ciliumRollouts",
      budgetMs: budgets.ciliumRollouts,
      condition: ROLLED_OUT,
      targets: [`${HELM_RELEASE_TARGET}/${cilium.namespace}/${CILIUM_RELEASE}`],
    },
    {
      phase: "cluster-ready",
      action: "wait",
      description: "wait until every node is Ready (only possible once the CNI runs)",
      wait: "nodesReady",
      budgetMs: budgets.nodesReady,
      condition: "Ready",
      targets: [...kind.controlPlaneNodes, ...kind.workerNodes].map((node) => `node/${node}`),
    },
  );
  // No wait for GatewayClass cilium here: its Accepted condition is a promise the gateway-api
  // suite checks (and reports red, exit 1), not a readiness gate that would turn Cilium refusing
  // the class into a provisioning failure (exit 3) the suite could never show (issue 12).
  const manifestFiles = [...manifests.pools, ...manifests.l2Policies].map((manifest) =>
    inPlanDir(`${PLAN_FILES.manifestsDir}/${manifest.file}`),
  );
  if (manifestFiles.length > 0) {
    steps.push({
      phase: "repo-manifests",
      action: "k8s-apply",
      description: `server-side apply the repo's ${manifests.pools.length} pool(s) and ${manifests.l2Policies.length} L2 policy(ies) (verbatim except listed deviations)`,
      sources: manifestFiles,
      fieldManager: FIELD_MANAGER,
    });
  }
  return steps;
}

export function planDownCommands(clusterName: string, lan: LanPlan): PlannedStep[] {
  return [
    {
      phase: "teardown",
      action: "exec",
      description: `delete kind cluster ${clusterName}`,
      argv: ["kind", "delete", "cluster", "--name", clusterName, "--kubeconfig", PLACEHOLDERS.kubeconfig],
    },
    {
      phase: "teardown",
      action: "exec",
      description: `remove the LAN network ${lan.networkName} (kind never removes a network it did not create)`,
      argv: ["docker", "network", "rm", lan.networkName],
    },
  ];
}
