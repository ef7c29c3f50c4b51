// Which nodes can announce a Service. An agent runs the Lease election for a Service only when a
// CiliumL2AnnouncementPolicy selects its node — `nodeSelector` against the labels of the agent's
// CiliumNode, which mirror the Node's — and the Service — `serviceSelector` against the Service's
// labels plus `io.kubernetes.service.namespace` / `io.kubernetes.service.name` — and the policy
// announces LoadBalancer IPs (cilium/cilium pkg/l2announcer/l2announcer.go: upsertPolicy,
// upsertSvc, svcAndMetaLabels, desiredEntries). No nodeSelector selects every node; no
// serviceSelector every Service.

import { asLabelSelector, type Labels, selectorMatches } from "../../k8s/label-selector.ts";

export interface LabelledNode {
  name: string;
  labels: Labels;
}

export interface PolicyBody {
  name: string;
  body: Record<string, unknown>;
}

export interface ServiceIdentity {
  namespace: string;
  name: string;
  labels: Labels;
}

export interface AnnouncingNodes {
  /** Policies that announce the Service's LoadBalancer IP. */
  policies: string[];
  /** Nodes at least one of those policies selects, in the order given. */
  nodes: string[];
}

/** The labels an L2 policy's serviceSelector is matched against. */
export function serviceSelectionLabels(service: ServiceIdentity): Labels {
  return {
    ...service.labels,
    "io.kubernetes.service.namespace": service.namespace,
    "io.kubernetes.service.name": service.name,
  };
}

export function announcingNodes(
  policies: readonly PolicyBody[],
  service: ServiceIdentity,
  nodes: readonly LabelledNode[],
): AnnouncingNodes {
  const labels = serviceSelectionLabels(service);
  const announcing = policies.filter((policy) => {
    const spec = (policy.body.spec ?? {}) as Record<string, unknown>;
    return spec.loadBalancerIPs === true && selectorMatches(asLabelSelector(spec.serviceSelector), labels);
  });
  const selected = nodes.filter((node) =>
    announcing.some((policy) => {
      const spec = (policy.body.spec ?? {}) as Record<string, unknown>;
      return selectorMatches(asLabelSelector(spec.nodeSelector), node.labels);
    }),
  );
  return { policies: announcing.map((policy) => policy.name), nodes: selected.map((node) => node.name) };
}
