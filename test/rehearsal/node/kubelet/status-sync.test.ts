import { describe, expect, it } from "vitest";
import { podStatusNeedsSync } from "../../../../rehearsal/node/kubelet/status-sync.ts";

const status = (ready: boolean, time = "2026-12-03T10:00:00Z") => ({
  phase: "Running",
  podIP: "10.244.1.7",
  conditions: [
    { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: time },
    { type: "PodScheduled", status: "True", lastTransitionTime: time },
  ],
  containerStatuses: [
    { name: "echo", ready, started: true, restartCount: 0, state: { running: { startedAt: time } } },
  ],
});

describe("the status manager's reconcile (needsReconcile)", () => {
  it("rewrites a status the API lost (the pod turned ready, the API still says not ready)", () => {
    expect(podStatusNeedsSync(status(false), status(true))).toBe(true);
    expect(podStatusNeedsSync(undefined, status(true))).toBe(true);
  });

  it("leaves a status alone that differs only in timestamps", () => {
    expect(podStatusNeedsSync(status(true), status(true, "2026-12-03T11:00:00Z"))).toBe(false);
  });
});
