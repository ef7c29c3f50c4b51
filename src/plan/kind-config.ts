// The kind cluster config: the project's kind-config.yaml (no kube-proxy, no default CNI, one
// control plane, two or more workers, node image pinned by digest), validated, then sized to
// `--nodes` workers and given the node labels the repo's L2 policies select.

import { stringify } from "yaml";
import { PlanError } from "../errors.ts";
import { describeSelector, type LabelSelector, type Labels, selectorMatches } from "../k8s/label-selector.ts";
import type { Manifest, YamlPath } from "../repo/infra-model.ts";
import { isRecord, parseYamlDocuments } from "../repo/yaml-documents.ts";
import { toolPins } from "../tools/pinned-tools.ts";
import { defaultNodeImageFor, isDigestPinned } from "./kind-node-images.ts";
import { kindBuiltInLabels, kubeletMaySetLabel, labelsToSatisfy } from "./node-selector-labels.ts";
import type { Deviation, JsonObject, JsonValue, KindNodeLabelPlan, KindPlan } from "./run-plan.ts";

export const MIN_WORKERS = 2;

export interface BaseKindConfig {
  file: string;
  config: JsonObject;
  lineOf(path: YamlPath): number;
}

/** Parses and validates the base kind config; anything kind-forced that is missing is a PlanError. */
export function parseBaseKindConfig(text: string, file: string): BaseKindConfig {
  const [document] = parseYamlDocuments(text, file);
  const lineOf = (path: YamlPath) => document?.lineOf(path) ?? 1;
  const fail = (message: string, path: YamlPath, hint: string): PlanError =>
    new PlanError("CC_PLAN_KIND_CONFIG_INVALID", `${file}: ${message}`, { file, line: lineOf(path), hint });
  const config = document?.value;
  if (!isRecord(config) || config.kind !== "Cluster" || config.apiVersion !== "kind.x-k8s.io/v1alpha4") {
    throw fail(
      "not a kind Cluster config",
      [],
      "start the file with `kind: Cluster` and `apiVersion: kind.x-k8s.io/v1alpha4`",
    );
  }
  const networking = isRecord(config.networking) ? config.networking : {};
  if (networking.disableDefaultCNI !== true) {
    throw fail(
      "networking.disableDefaultCNI must be true: kind's default CNI (kindnet) would run beside Cilium",
      ["networking", "disableDefaultCNI"],
      "set networking.disableDefaultCNI: true",
    );
  }
  if (networking.kubeProxyMode !== "none") {
    throw fail(
      `networking.kubeProxyMode must be "none" (got ${JSON.stringify(networking.kubeProxyMode ?? "iptables (default)")}): ` +
        "the homelab runs Cilium's kube-proxy replacement",
      ["networking", "kubeProxyMode"],
      "set networking.kubeProxyMode: none",
    );
  }
  if (networking.ipFamily !== undefined && networking.ipFamily !== "ipv4") {
    throw fail(
      "networking.ipFamily must be ipv4: the mirrored LAN is IPv4",
      ["networking", "ipFamily"],
      "remove networking.ipFamily",
    );
  }
  const nodes = Array.isArray(config.nodes) ? config.nodes.filter(isRecord) : [];
  const count = (role: string) => nodes.filter((node) => node.role === role).length;
  if (count("control-plane") !== 1) {
    throw fail(
      `exactly one control-plane node is needed (found ${count("control-plane")})`,
      ["nodes"],
      "list one node with role: control-plane (L2 failover pauses workers, never the control plane)",
    );
  }
  if (count("worker") < MIN_WORKERS) {
    throw fail(
      `at least ${MIN_WORKERS} worker nodes are needed (found ${count("worker")})`,
      ["nodes"],
      "add `- role: worker` entries: L2 failover and the connectivity test need two schedulable nodes",
    );
  }
  const images = new Set(nodes.map((node) => node.image).filter((image) => image !== undefined));
  for (const [index, node] of nodes.entries()) {
    if (node.image !== undefined && (typeof node.image !== "string" || !isDigestPinned(node.image))) {
      throw fail(
        `node image ${JSON.stringify(node.image)} is not pinned by digest`,
        ["nodes", index, "image"],
        `use the image kind's release notes give, with @sha256:… (e.g. ${defaultNodeImageFor(toolPins.kind.pinned)?.image})`,
      );
    }
  }
  if (images.size > 1) {
    throw fail(
      "all nodes must use the same node image",
      ["nodes"],
      "give every node the same image (or none, to use the pinned default)",
    );
  }
  return { file, config: config as JsonObject, lineOf };
}

export interface KindPlanInput {
  clusterName: string;
  /** Worker count; undefined keeps the base config's. */
  workers: number | undefined;
  l2Policies: readonly Manifest[];
}

export function planKind(
  base: BaseKindConfig,
  input: KindPlanInput,
): { kind: KindPlan; deviations: Deviation[] } {
  const baseNodes = (base.config.nodes as JsonObject[]).filter((node) => isRecord(node));
  const controlPlane = baseNodes.find((node) => node.role === "control-plane")!;
  const baseWorkers = baseNodes.filter((node) => node.role === "worker");
  const workerCount = input.workers ?? baseWorkers.length;
  if (!Number.isInteger(workerCount) || workerCount < MIN_WORKERS) {
    throw new PlanError(
      "CC_PLAN_KIND_CONFIG_INVALID",
      `--nodes ${workerCount}: at least ${MIN_WORKERS} workers are needed`,
      {
        hint: "L2 failover and the connectivity test need two schedulable nodes; use --nodes 2 or more",
      },
    );
  }
  const nodeImage = (controlPlane.image as string | undefined) ?? defaultImage();
  const cpName = `${input.clusterName}-control-plane`;
  const workerNames = Array.from(
    { length: workerCount },
    (_, i) => `${input.clusterName}-worker${i === 0 ? "" : i + 1}`,
  );

  const { kubeletLabels, apiLabels, deviations } = workerLabels(input.l2Policies, cpName, workerNames);
  const workers = workerNames.map((_, index) => {
    const template = baseWorkers[Math.min(index, baseWorkers.length - 1)]!;
    const existing = isRecord(template.labels) ? (template.labels as Record<string, JsonValue>) : {};
    const labels = { ...existing, ...kubeletLabels };
    return { ...template, image: nodeImage, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
  });
  const config: JsonObject = {
    ...base.config,
    nodes: [{ ...controlPlane, image: nodeImage }, ...workers],
  };
  const postCreateLabels: KindNodeLabelPlan[] =
    Object.keys(apiLabels).length > 0 ? workerNames.map((node) => ({ node, labels: { ...apiLabels } })) : [];
  return {
    kind: {
      version: toolPins.kind.pinned,
      nodeImage,
      config,
      configYaml: stringify(config, { lineWidth: 0 }),
      baseConfigFile: base.file,
      controlPlaneNodes: [cpName],
      workerNodes: workerNames,
      postCreateLabels,
    },
    deviations,
  };
}

function defaultImage(): string {
  const pinned = defaultNodeImageFor(toolPins.kind.pinned);
  if (!pinned) throw new Error(`no node image known for kind ${toolPins.kind.pinned} (kind-node-images.ts)`);
  return pinned.image;
}

interface WorkerLabels {
  kubeletLabels: Labels;
  apiLabels: Labels;
  deviations: Deviation[];
}

function workerLabels(
  policies: readonly Manifest[],
  cpName: string,
  workerNames: readonly string[],
): WorkerLabels {
  const added: Labels = {};
  const reasons = new Map<string, Manifest>();
  const selectors = policies.map((policy) => ({ policy, selector: selectorOf(policy) }));
  for (const { policy, selector } of selectors) {
    if (!selector) continue;
    const sample = { ...kindBuiltInLabels(workerNames[0]!, "worker"), ...added };
    for (const [key, value] of Object.entries(labelsToSatisfy(selector, sample))) {
      added[key] = value;
      reasons.set(key, policy);
    }
  }
  for (const { policy, selector } of selectors) {
    if (!selector) continue;
    const unmatched = workerNames.filter(
      (name) => !selectorMatches(selector, { ...kindBuiltInLabels(name, "worker"), ...added }),
    );
    if (unmatched.length > 0) {
      throw new PlanError(
        "CC_PLAN_KIND_CONFIG_INVALID",
        `CiliumL2AnnouncementPolicy ${policy.name}: its nodeSelector (${describeSelector(selector)}) cannot select the kind workers ` +
          `${unmatched.join(", ")} by adding labels (it contradicts itself, another policy, or labels kind sets such as kubernetes.io/hostname)`,
        {
          file: policy.location.file,
          line: policy.lineOf(["spec", "nodeSelector"]),
          hint: "select nodes by a label of your own (e.g. a role or zone label) rather than host names, so the same policy works on any cluster",
        },
      );
    }
  }
  const kubeletLabels: Labels = {};
  const apiLabels: Labels = {};
  const deviations: Deviation[] = [];
  for (const [key, value] of Object.entries(added)) {
    const policy = reasons.get(key)!;
    const viaKubelet = kubeletMaySetLabel(key);
    (viaKubelet ? kubeletLabels : apiLabels)[key] = value;
    deviations.push({
      target: "kind-config",
      key: `nodes[worker].labels.${key}`,
      repoValue: null,
      kindValue: value,
      reason:
        `CiliumL2AnnouncementPolicy ${policy.name} selects nodes by ${describeSelector(selectorOf(policy)!)}; ` +
        `kind workers get the label so the policy applies unchanged (not ${cpName})` +
        (viaKubelet
          ? ""
          : "; set through the API after creation because kubelet may not set kubernetes.io labels"),
      source: { file: policy.location.file, line: policy.lineOf(["spec", "nodeSelector"]) },
    });
  }
  return { kubeletLabels, apiLabels, deviations };
}

function selectorOf(policy: Manifest): LabelSelector | undefined {
  const spec = isRecord(policy.body.spec) ? policy.body.spec : {};
  return isRecord(spec.nodeSelector) ? (spec.nodeSelector as LabelSelector) : undefined;
}
