import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubeApiError } from "../../src/k8s/kube-api-error.ts";
import { podLogs } from "../../src/k8s/pod-logs.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";
import { runningPod } from "./support/pods.ts";

describe("podLogs", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster();
    cluster.api.put(
      runningPod({ namespace: "kube-system", name: "cilium-abcde", containers: ["cilium-agent", "config"] }),
    );
    const now = Date.now();
    const line = (secondsAgo: number, text: string) => ({ time: new Date(now - secondsAgo * 1000), text });
    cluster.api.setPodLog("kube-system", "cilium-abcde", "cilium-agent", [
      line(600, "level=info msg=Starting"),
      line(30, 'level=warn msg="L2 announcer lost lease"'),
      line(5, 'level=info msg="Acquired lease"'),
    ]);
    cluster.api.setPodLog("kube-system", "cilium-abcde", "config", [line(700, "config done")]);
  });
  afterEach(() => cluster.close());

  it("reads the tail of one container's log", async () => {
    const text = await podLogs(cluster.client, {
      namespace: "kube-system",
      pod: "cilium-abcde",
      container: "cilium-agent",
      tailLines: 2,
    });
    expect(text).toBe('level=warn msg="L2 announcer lost lease"\nlevel=info msg="Acquired lease"\n');
    const request = cluster.api.requestsMatching("GET", "/pods/cilium-abcde/log")[0];
    expect(request?.query).toMatchObject({ container: "cilium-agent", tailLines: "2" });
  });

  it("limits to the last N seconds", async () => {
    const text = await podLogs(cluster.client, {
      namespace: "kube-system",
      pod: "cilium-abcde",
      container: "cilium-agent",
      sinceSeconds: 60,
    });
    expect(text.split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("passes on the server's complaint when a multi-container pod needs a container name", async () => {
    const failure = podLogs(cluster.client, { namespace: "kube-system", pod: "cilium-abcde" });
    await expect(failure).rejects.toBeInstanceOf(KubeApiError);
    await expect(failure).rejects.toThrow(/HTTP 400 BadRequest: a container name must be specified/);
  });

  it("is a not-found error for a pod that does not exist", async () => {
    await expect(podLogs(cluster.client, { namespace: "kube-system", pod: "gone" })).rejects.toMatchObject({
      code: "CC_K8S_NOT_FOUND",
    });
  });
});
