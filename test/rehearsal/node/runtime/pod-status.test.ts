import { describe, expect, it } from "vitest";
import {
  type ContainerRuntimeState,
  podPhase,
  podStatus,
  qosClass,
} from "../../../../rehearsal/node/runtime/pod-status.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;

const running = (name: string, ready: boolean): ContainerRuntimeState => ({
  name,
  image: "img",
  imageID: "img@sha256:1",
  containerID: "containerd://1",
  state: { running: { startedAt: "2026-12-03T07:00:00Z" } },
  restartCount: 0,
  ready,
  started: true,
});
const waiting = (name: string, reason = "ContainerCreating"): ContainerRuntimeState => ({
  name,
  image: "img",
  imageID: "",
  state: { waiting: { reason } },
  restartCount: 0,
  ready: false,
  started: false,
});
const exited = (name: string, exitCode: number): ContainerRuntimeState => ({
  ...running(name, false),
  state: {
    terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: "t", finishedAt: "t" },
  },
});
const state = (containers: ContainerRuntimeState[], init: ContainerRuntimeState[] = []) => ({
  sandboxReady: true,
  hostIP: "192.168.5.9",
  podIP: "10.244.1.4",
  startTime: "2026-12-03T07:00:00Z",
  initContainers: init,
  containers,
});

describe("pod phase (kubelet getPhase)", () => {
  it("is Pending while a container waits or an init container has not succeeded, Running once they run", () => {
    expect(podPhase("Always", state([waiting("a")]))).toBe("Pending");
    expect(podPhase("Always", state([running("a", false)], [running("init", false)]))).toBe("Pending");
    expect(podPhase("Always", state([running("a", false)], [exited("init", 0)]))).toBe("Running");
    expect(podPhase("Never", state([exited("a", 0)]))).toBe("Succeeded");
    expect(podPhase("Never", state([exited("a", 1)]))).toBe("Failed");
    expect(podPhase("Always", state([exited("a", 1)]))).toBe("Running");
  });
});

describe("podStatus (generateAPIPodStatus)", () => {
  it("reports the conditions with the kubelet's reasons and keeps transition times that did not change", () => {
    const pod = {
      spec: { containers: [{ name: "a" }, { name: "b" }] },
      status: {
        conditions: [
          { type: "PodScheduled", status: "True", lastTransitionTime: "2026-12-03T06:00:00Z" },
          { type: "Initialized", status: "True", lastTransitionTime: "2026-12-03T06:30:00Z" },
        ],
      },
    };
    const status = podStatus(
      pod,
      state([running("a", true), running("b", false)]),
      "2026-12-03T07:05:00Z",
    ) as Json;
    expect(status.phase).toBe("Running");
    expect(status.podIP).toBe("10.244.1.4");
    expect(status.hostIPs).toEqual([{ ip: "192.168.5.9" }]);
    const byType = Object.fromEntries(status.conditions.map((c: Record<string, unknown>) => [c.type, c]));
    expect(byType.Initialized).toMatchObject({ status: "True", lastTransitionTime: "2026-12-03T06:30:00Z" });
    expect(byType.Ready).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [b]",
    });
    expect(byType.ContainersReady).toMatchObject({ status: "False", reason: "ContainersNotReady" });
    expect(byType.PodReadyToStartContainers.status).toBe("True");
    expect(byType.PodScheduled.lastTransitionTime).toBe("2026-12-03T06:00:00Z");
    expect(status.containerStatuses[1]).toMatchObject({
      name: "b",
      ready: false,
      started: true,
      restartCount: 0,
      lastState: {},
    });
  });

  it("classifies QoS from requests and limits", () => {
    expect(qosClass({ containers: [{}] })).toBe("BestEffort");
    expect(qosClass({ containers: [{ resources: { requests: { cpu: "100m" } } }] })).toBe("Burstable");
    expect(qosClass({ containers: [{ resources: { limits: { cpu: "1", memory: "1Gi" } } }] })).toBe(
      "Guaranteed",
    );
  });
});
