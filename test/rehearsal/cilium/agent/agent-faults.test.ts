import { describe, expect, it } from "vitest";
import {
  AGENT_FAULTS,
  announcerFaults,
  hubbleFaultNode,
  isFaultTarget,
  responderFaults,
} from "../../../../rehearsal/cilium/agent/agent-faults.ts";

describe("agent faults", () => {
  it("'one node' faults hit the node whose name sorts last, and only it", () => {
    const nodes = ["cc-worker", "cc-control-plane", "cc-worker2"];
    expect(nodes.filter((n) => isFaultTarget(n, nodes))).toEqual(["cc-worker2"]);
  });

  it("hubble-relay-missing-node stops the last node the relay is not on, once the relay is placed", () => {
    const nodes = ["cc-worker", "cc-control-plane", "cc-worker2"];
    expect(hubbleFaultNode(nodes, [])).toBeUndefined();
    expect(hubbleFaultNode(nodes, ["cc-worker"])).toBe("cc-worker2");
    expect(hubbleFaultNode(nodes, ["cc-worker2"])).toBe("cc-worker");
  });

  it("maps each L2 fault name to its knob, none by default", () => {
    const none = announcerFaults(() => false);
    expect(none).toEqual({
      election: {},
      selection: {},
      announceWithoutLease: false,
      announceWhenNotLeading: false,
      neverAnnounce: false,
    });
    const has = (wanted: string) => (name: string) => name === wanted;
    expect(announcerFaults(has(AGENT_FAULTS.l2NoTakeover)).election).toEqual({ neverTakeOver: true });
    expect(announcerFaults(has(AGENT_FAULTS.l2HolderKeepsLease)).election).toEqual({
      holderLeaseSeconds: 3600,
    });
    expect(announcerFaults(has(AGENT_FAULTS.l2DuplicateAnswer)).announceWithoutLease).toBe(true);
    expect(responderFaults(has(AGENT_FAULTS.l2NoLivenessMute))).toEqual({ noLivenessMute: true });
    expect(new Set(Object.values(AGENT_FAULTS)).size).toBe(Object.values(AGENT_FAULTS).length);
  });
});

describe("the agent's faults in the catalogue", () => {
  it("every fault name the Cilium programs act on is listed, with a suite case", async () => {
    const { findFault } = await import("../../../../rehearsal/faults/catalogue.ts");
    const { HUBBLE_UI_FAULT_DOWN } = await import("../../../../rehearsal/cilium/hubble-ui/frontend.ts");
    for (const name of [...Object.values(AGENT_FAULTS), HUBBLE_UI_FAULT_DOWN]) {
      const fault = findFault(name);
      expect(fault, name).toBeDefined();
      expect(fault!.case.length, name).toBeGreaterThan(0);
    }
  });
});
