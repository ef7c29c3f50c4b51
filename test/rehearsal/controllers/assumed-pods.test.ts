import { describe, expect, it } from "vitest";
import { AssumedPods } from "../../../rehearsal/controllers/assumed-pods.ts";
import type { Obj } from "../../../rehearsal/controllers/controller-kit.ts";
import { placePod } from "../../../rehearsal/controllers/scheduler-decision.ts";

const node = (name: string): Obj => ({ metadata: { name, labels: { "kubernetes.io/hostname": name } } });
const nodes = [node("w1"), node("w2")];
const client: Obj = {
  metadata: { name: "client", uid: "c", namespace: "t", labels: { name: "client" } },
  spec: {},
};
const echoOther: Obj = {
  metadata: { name: "echo-other-node", uid: "e", namespace: "t", labels: { name: "echo-other-node" } },
  spec: {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { name: "client" } }, topologyKey: "kubernetes.io/hostname" },
        ],
      },
    },
  },
};
const key = (pod: Obj) => `${pod.metadata.namespace}/${pod.metadata.name}`;

describe("AssumedPods", () => {
  it("counts a pod on its chosen node before the informer shows the binding", () => {
    const assumed = new AssumedPods();
    const informerView = [client, echoOther];
    const chosen = placePod(client, nodes, assumed.overlay(informerView, key));
    expect(chosen).toEqual({ node: "w1" });
    assumed.assume(key(client), "w1");
    // The client's binding is not yet visible: echo-other-node must still keep off w1.
    expect(placePod(echoOther, nodes, assumed.overlay(informerView, key))).toEqual({ node: "w2" });
    expect(assumed.has(key(client))).toBe(true);
    assumed.forget(key(client));
    expect(assumed.overlay(informerView, key)).toEqual(informerView);
  });

  it("leaves a pod the informer already shows bound where the informer says", () => {
    const assumed = new AssumedPods();
    assumed.assume(key(client), "w1");
    const bound = { ...client, spec: { nodeName: "w2" } };
    expect(assumed.overlay([bound], key)).toEqual([bound]);
  });
});
