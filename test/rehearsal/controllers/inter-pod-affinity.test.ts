import { describe, expect, it } from "vitest";
import { connectivityObjects } from "../../../rehearsal/cilium-cli/connectivity/connectivity-objects.ts";
import type { Json, Obj } from "../../../rehearsal/controllers/controller-kit.ts";
import { interPodAffinityFilter } from "../../../rehearsal/controllers/inter-pod-affinity.ts";
import { placePod } from "../../../rehearsal/controllers/scheduler-decision.ts";

const node = (name: string, labels: Record<string, string> = {}): Obj => ({
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
  spec: {},
});
const cp: Obj = {
  ...node("cp"),
  spec: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] },
};
const workers = [cp, node("w1"), node("w2")];

interface PodParams {
  namespace?: string;
  labels?: Record<string, string>;
  affinity?: Json;
  nodeName?: string;
  phase?: string;
  deleting?: boolean;
}
const pod = (name: string, p: PodParams = {}): Obj => ({
  metadata: {
    name,
    uid: name,
    namespace: p.namespace ?? "cilium-test-1",
    labels: p.labels ?? {},
    ...(p.deleting ? { deletionTimestamp: "2026-12-03T14:00:00Z" } : {}),
  },
  spec: { ...(p.affinity ? { affinity: p.affinity } : {}), ...(p.nodeName ? { nodeName: p.nodeName } : {}) },
  ...(p.phase ? { status: { phase: p.phase } } : {}),
});
const required = (kind: "podAffinity" | "podAntiAffinity", ...terms: Json[]): Json => ({
  [kind]: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});
const term = (matchLabels: Record<string, string>, extra: Json = {}): Json => ({
  labelSelector: { matchLabels },
  topologyKey: "kubernetes.io/hostname",
  ...extra,
});
/** Unrelated pods that make a node the busiest, so the spread alone would avoid it. */
const filler = (nodeName: string, count: number) =>
  Array.from({ length: count }, (_, i) => pod(`filler-${nodeName}-${i}`, { nodeName, namespace: "other" }));

/** A pod of the connectivity test's Deployment `name`, as cilium-cli v0.19.7 writes its template. */
function connectivityPod(name: string, nodeName?: string): Obj {
  const deployment = connectivityObjects("cilium-test-1").find(
    (o) => o.kind === "Deployment" && o.metadata.name === name,
  );
  const template = (deployment?.spec as Json | undefined)?.template as {
    metadata: Obj["metadata"];
    spec: Json;
  };
  return {
    metadata: {
      ...template?.metadata,
      name: `${name}-abc12`,
      uid: `${name}-uid`,
      namespace: "cilium-test-1",
    },
    spec: { ...template?.spec, ...(nodeName ? { nodeName } : {}) },
  };
}

describe("inter-pod affinity in placePod (the scheduler's InterPodAffinity filter)", () => {
  it("puts cilium-cli's echo-other-node off the client's node and echo-same-node on it", () => {
    const client = connectivityPod("client", "w1");
    // w1 carries the client, w2 is busier: the spread alone would pick w2 then w1, the other way round.
    expect(placePod(connectivityPod("echo-other-node"), workers, [client, ...filler("w2", 2)])).toEqual({
      node: "w2",
    });
    expect(placePod(connectivityPod("echo-same-node"), workers, [client])).toEqual({ node: "w1" });
  });

  it("keeps echo-same-node pending until a client is bound, with the scheduler's message", () => {
    const unbound = connectivityPod("client");
    expect(placePod(connectivityPod("echo-same-node"), workers, [unbound])).toEqual({
      unschedulable:
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
  });

  it("refuses every node whose domain already holds a pod the anti-affinity selects", () => {
    const incoming = pod("lonely", { affinity: required("podAntiAffinity", term({ app: "x" })) });
    const existing = [
      pod("x1", { labels: { app: "x" }, nodeName: "w1" }),
      pod("x2", { labels: { app: "x" }, nodeName: "w2" }),
    ];
    expect(placePod(incoming, [node("w1"), node("w2")], existing)).toEqual({
      unschedulable:
        "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    });
  });

  it("honours an existing pod's anti-affinity against the incoming pod (symmetry)", () => {
    const echoOther = connectivityPod("echo-other-node", "w1");
    // The client has no affinity of its own; w2 is busier, yet w1 is refused by echo-other-node's term.
    expect(placePod(connectivityPod("client"), workers, [echoOther, ...filler("w2", 2)])).toEqual({
      node: "w2",
    });
    const filter = interPodAffinityFilter(connectivityPod("client"), workers, [echoOther]);
    expect(filter(node("w1"))).toBe("node(s) didn't satisfy existing pods anti-affinity rules");
  });

  it("lets the first pod of a group that attracts itself in, but not a pod whose term matches nobody", () => {
    const self = pod("web-0", {
      labels: { app: "web" },
      affinity: required("podAffinity", term({ app: "web" })),
    });
    expect(placePod(self, [node("w1"), node("w2")], [])).toEqual({ node: "w1" });
    // Once a matching pod exists, the exception is gone: only its domain fits.
    expect(
      placePod(self, [node("w1"), node("w2")], [pod("web-1", { labels: { app: "web" }, nodeName: "w2" })]),
    ).toEqual({
      node: "w2",
    });
    const stranger = pod("db-0", {
      labels: { app: "db" },
      affinity: required("podAffinity", term({ app: "web" })),
    });
    expect(interPodAffinityFilter(stranger, [node("w1")], [])(node("w1"))).toBe(
      "node(s) didn't match pod affinity rules",
    );
  });

  it("reads topologyKey from node labels: the whole domain is repelled, a node without the key never attracts", () => {
    const nodes = [
      node("a1", { zone: "a" }),
      node("a2", { zone: "a" }),
      node("b1", { zone: "b" }),
      node("n0"),
    ];
    const existing = [pod("x1", { labels: { app: "x" }, nodeName: "a1" }), ...filler("b1", 3)];
    const zoneTerm = term({ app: "x" }, { topologyKey: "zone" });
    expect(
      placePod(pod("anti", { affinity: required("podAntiAffinity", zoneTerm) }), nodes.slice(0, 3), existing),
    ).toEqual({
      node: "b1",
    });
    const attract = interPodAffinityFilter(
      pod("near", { affinity: required("podAffinity", zoneTerm) }),
      nodes,
      existing,
    );
    expect(nodes.map((n) => attract(n))).toEqual([
      undefined,
      undefined,
      "node(s) didn't match pod affinity rules",
      "node(s) didn't match pod affinity rules",
    ]);
  });

  it("selects by matchExpressions and requires a pod to match ALL affinity terms", () => {
    const existing = [
      pod("a", { labels: { tier: "cache", app: "redis" }, nodeName: "w1" }),
      pod("b", { labels: { tier: "cache" }, nodeName: "w2" }),
    ];
    const affinity = required(
      "podAffinity",
      {
        labelSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["cache"] }] },
        topologyKey: "kubernetes.io/hostname",
      },
      {
        labelSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] },
        topologyKey: "kubernetes.io/hostname",
      },
    );
    const filter = interPodAffinityFilter(pod("p", { affinity }), [node("w1"), node("w2")], existing);
    expect([filter(node("w1")), filter(node("w2"))]).toEqual([
      undefined,
      "node(s) didn't match pod affinity rules",
    ]);
    // The spread alone would take the idle w2.
    expect(
      placePod(pod("p", { affinity }), [node("w1"), node("w2")], [...existing, ...filler("w1", 2)]),
    ).toEqual({
      node: "w1",
    });
  });

  it("looks in the pod's own namespace unless namespaces or a namespaceSelector say otherwise", () => {
    const elsewhere = pod("x1", { labels: { app: "x" }, nodeName: "w1", namespace: "team-b" });
    const nodes = [node("w1"), node("w2")];
    const anti = (extra: Json) =>
      pod("p", { affinity: required("podAntiAffinity", term({ app: "x" }, extra)) });
    const labels = (ns: string): Record<string, string> | undefined =>
      ns === "team-b" ? { team: "b" } : ns === "cilium-test-1" ? {} : undefined;
    const refused = (incoming: Obj) =>
      interPodAffinityFilter(incoming, nodes, [elsewhere], labels)(node("w1"));
    expect(refused(anti({}))).toBeUndefined();
    expect(refused(anti({ namespaces: ["team-b"] }))).toBe("node(s) didn't match pod anti-affinity rules");
    expect(refused(anti({ namespaceSelector: {} }))).toBe("node(s) didn't match pod anti-affinity rules");
    expect(refused(anti({ namespaceSelector: { matchLabels: { team: "b" } } }))).toBe(
      "node(s) didn't match pod anti-affinity rules",
    );
    expect(refused(anti({ namespaceSelector: { matchLabels: { team: "c" } } }))).toBeUndefined();
    // A term without labelSelector selects no pod (LabelSelectorAsSelector(nil) is labels.Nothing).
    const noSelector = pod("p", {
      affinity: required("podAntiAffinity", { topologyKey: "kubernetes.io/hostname", namespaceSelector: {} }),
    });
    expect(refused(noSelector)).toBeUndefined();
    const teamB = anti({ namespaceSelector: { matchLabels: { team: "b" } } });
    expect(placePod(teamB, nodes, [elsewhere, ...filler("w2", 2)], labels)).toEqual({ node: "w2" });
  });

  it("counts bound, non-terminal pods only (terminating ones still count, as in the scheduler's cache)", () => {
    const incoming = pod("p", { affinity: required("podAntiAffinity", term({ app: "x" })) });
    const verdict = (existing: Obj) => interPodAffinityFilter(incoming, [node("w1")], [existing])(node("w1"));
    expect(verdict(pod("x", { labels: { app: "x" } }))).toBeUndefined();
    expect(verdict(pod("x", { labels: { app: "x" }, nodeName: "w1", phase: "Succeeded" }))).toBeUndefined();
    expect(verdict(pod("x", { labels: { app: "x" }, nodeName: "w1", phase: "Failed" }))).toBeUndefined();
    expect(verdict(pod("x", { labels: { app: "x" }, nodeName: "w1", deleting: true }))).toBe(
      "node(s) didn't match pod anti-affinity rules",
    );
    const terminating = pod("x", { labels: { app: "x" }, nodeName: "w1", deleting: true });
    expect(placePod(incoming, [node("w1"), node("w2")], [terminating, ...filler("w2", 2)])).toEqual({
      node: "w2",
    });
  });
});
