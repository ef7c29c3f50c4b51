// kube-scheduler's InterPodAffinity filter, for the REQUIRED terms only
// (kubernetes/kubernetes pkg/scheduler/framework/plugins/interpodaffinity/filtering.go; the terms
// as pkg/scheduler/framework/types.go newAffinityTerm builds them). Preferred terms only score
// nodes (scoring.go), they never reject one, so the double ignores them.
//
// - A term selects pods by labelSelector (absent: no pod, as LabelSelectorAsSelector(nil) is
//   labels.Nothing) in its namespaces, or in the namespaces its namespaceSelector selects ({}: all);
//   neither given: the namespace of the pod that carries the term.
// - Existing pods are the pods bound to a known node (spec.nodeName) that are not Succeeded or
//   Failed (the scheduler's pod informer drops those: pkg/scheduler/scheduler.go newPodInformer).
//   Terminating pods still count: the plugin does not skip them (PodTopologySpread does).
// - podAffinity: a node fits when it has every term's topologyKey and, for every term, some
//   existing pod in its topology domain matches ALL the terms; when no existing pod anywhere
//   matches them, a pod that matches its own terms may go to any node with those keys (the first
//   of a group that attracts itself).
// - podAntiAffinity: a node fails when, for some term, a matching existing pod is in its domain;
//   and (symmetry) when an existing pod's anti-affinity term matches the incoming pod and the
//   node shares that existing pod's domain.

import { type LabelSelector, selectorMatches } from "../k8s/label-selector.ts";
import type { Json, Obj } from "./controller-kit.ts";

export const AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";

/** The labels of a Namespace (undefined: no such Namespace), for namespaceSelector. */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  namespaceSelector: LabelSelector | undefined;
  selector: LabelSelector | undefined;
  topologyKey: string;
}

const namespaceOf = (pod: Obj) => String(pod.metadata.namespace ?? "default");
const labelsOf = (object: Obj) => (object.metadata.labels ?? {}) as Record<string, string>;
const selects = (selector: LabelSelector, labels: Record<string, string>) => {
  const verdict = selectorMatches(selector, labels);
  return verdict.ok && verdict.matches;
};

function requiredTerms(pod: Obj, kind: "podAffinity" | "podAntiAffinity"): AffinityTerm[] {
  const affinity = ((pod.spec as Json | undefined)?.affinity ?? {}) as Json;
  const terms = ((affinity[kind] as Json | undefined)?.requiredDuringSchedulingIgnoredDuringExecution ??
    []) as Json[];
  return terms.map((term) => {
    const namespaces = (term.namespaces ?? []) as string[];
    const namespaceSelector = (term.namespaceSelector ?? undefined) as LabelSelector | undefined;
    const own = namespaces.length === 0 && namespaceSelector === undefined;
    return {
      namespaces: new Set(own ? [namespaceOf(pod)] : namespaces),
      namespaceSelector,
      selector: (term.labelSelector ?? undefined) as LabelSelector | undefined,
      topologyKey: String(term.topologyKey ?? ""),
    };
  });
}

function termMatches(term: AffinityTerm, pod: Obj, namespaceLabels: NamespaceLabels): boolean {
  if (term.selector === undefined || !selects(term.selector, labelsOf(pod))) return false;
  const namespace = namespaceOf(pod);
  if (term.namespaces.has(namespace)) return true;
  const labels = term.namespaceSelector && namespaceLabels(namespace);
  return (
    labels !== undefined && term.namespaceSelector !== undefined && selects(term.namespaceSelector, labels)
  );
}

const matchesAll = (terms: AffinityTerm[], pod: Obj, namespaceLabels: NamespaceLabels) =>
  terms.length > 0 && terms.every((term) => termMatches(term, pod, namespaceLabels));

/** Counts of matching existing pods per topology pair (key + value of a node label). */
class TopologyCounts {
  private readonly counts = new Map<string, number>();
  add(node: Obj, key: string): void {
    const value = labelsOf(node)[key];
    if (value === undefined) return;
    const pair = `${key}\u0000${value}`;
    this.counts.set(pair, (this.counts.get(pair) ?? 0) + 1);
  }
  has(key: string, value: string): boolean {
    return (this.counts.get(`${key}\u0000${value}`) ?? 0) > 0;
  }
  get empty(): boolean {
    return this.counts.size === 0;
  }
}

const terminal = (pod: Obj) => {
  const phase = (pod.status as Json | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
};

/**
 * The filter for `pod` against the cluster as it is now (PreFilter), then per node (Filter):
 * the scheduler's reason when the node does not fit, undefined when it does.
 */
export function interPodAffinityFilter(
  pod: Obj,
  nodes: readonly Obj[],
  pods: readonly Obj[],
  namespaceLabels: NamespaceLabels = () => undefined,
): (node: Obj) => string | undefined {
  const affinityTerms = requiredTerms(pod, "podAffinity");
  const antiAffinityTerms = requiredTerms(pod, "podAntiAffinity");
  const affinityCounts = new TopologyCounts();
  const antiAffinityCounts = new TopologyCounts();
  const existingAntiAffinityCounts = new TopologyCounts();
  const nodesByName = new Map(nodes.map((node) => [node.metadata.name, node]));
  for (const existing of pods) {
    const node = nodesByName.get(String((existing.spec as Json | undefined)?.nodeName ?? ""));
    if (!node || existing.metadata.uid === pod.metadata.uid || terminal(existing)) continue;
    if (matchesAll(affinityTerms, existing, namespaceLabels))
      for (const term of affinityTerms) affinityCounts.add(node, term.topologyKey);
    for (const term of antiAffinityTerms)
      if (termMatches(term, existing, namespaceLabels)) antiAffinityCounts.add(node, term.topologyKey);
    for (const term of requiredTerms(existing, "podAntiAffinity"))
      if (termMatches(term, pod, namespaceLabels)) existingAntiAffinityCounts.add(node, term.topologyKey);
  }
  const attractsItself = affinityCounts.empty && matchesAll(affinityTerms, pod, namespaceLabels);

  return (node) => {
    const labels = labelsOf(node);
    if (affinityTerms.some((term) => labels[term.topologyKey] === undefined)) return AFFINITY_RULES_NOT_MATCH;
    const podsExist = affinityTerms.every((term) =>
      affinityCounts.has(term.topologyKey, String(labels[term.topologyKey])),
    );
    if (!podsExist && !attractsItself) return AFFINITY_RULES_NOT_MATCH;
    const repelled = antiAffinityTerms.some((term) => {
      const value = labels[term.topologyKey];
      return value !== undefined && antiAffinityCounts.has(term.topologyKey, value);
    });
    if (repelled) return ANTI_AFFINITY_RULES_NOT_MATCH;
    if (Object.entries(labels).some(([key, value]) => existingAntiAffinityCounts.has(key, value)))
      return EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH;
    return undefined;
  };
}
