import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execInPod } from "../../src/k8s/pod-exec.ts";
import type { ExecCall } from "../support/fake-kube-api.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";
import { runningPod } from "./support/pods.ts";

describe("execInPod (WebSocket channel protocol against the fake server)", () => {
  let cluster: FakeCluster;
  const calls: ExecCall[] = [];
  beforeEach(async () => {
    calls.length = 0;
    cluster = await startFakeCluster();
    cluster.api.put(
      runningPod({ namespace: "kube-system", name: "cilium-abcde", containers: ["cilium-agent"] }),
    );
    cluster.api.onExec((call) => {
      calls.push(call);
      if (call.command[0] === "cilium-dbg")
        return { stdout: '{"kube-proxy-replacement":"True"}\n', stderr: "" };
      if (call.command[0] === "false") return { stderr: "failed\n", exitCode: 3 };
      return {
        failure: {
          message: `failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: "${call.command[0]}": executable file not found in $PATH: unknown`,
        },
      };
    });
  });
  afterEach(() => cluster.close());

  it("runs argv in the container and returns stdout and exit code 0", async () => {
    const result = await execInPod(cluster.client, {
      namespace: "kube-system",
      pod: "cilium-abcde",
      container: "cilium-agent",
      command: ["cilium-dbg", "status", "-o", "json"],
    });
    expect(result).toEqual({ stdout: '{"kube-proxy-replacement":"True"}\n', stderr: "", exitCode: 0 });
    expect(calls).toEqual([
      {
        namespace: "kube-system",
        pod: "cilium-abcde",
        container: "cilium-agent",
        command: ["cilium-dbg", "status", "-o", "json"],
      },
    ]);
  });

  it("returns a non-zero exit code with stderr (not an exception)", async () => {
    const result = await execInPod(cluster.client, {
      namespace: "kube-system",
      pod: "cilium-abcde",
      command: ["false"],
    });
    expect(result).toEqual({ stdout: "", stderr: "failed\n", exitCode: 3 });
  });

  it("throws when the command could not run at all", async () => {
    await expect(
      execInPod(cluster.client, { namespace: "kube-system", pod: "cilium-abcde", command: ["nope"] }),
    ).rejects.toThrow(
      'exec `nope` in Pod kube-system/cilium-abcde: Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown',
    );
  });

  it("is a not-found error for a missing pod", async () => {
    await expect(
      execInPod(cluster.client, { namespace: "kube-system", pod: "gone", command: ["true"] }),
    ).rejects.toMatchObject({ code: "CC_K8S_NOT_FOUND" });
  });

  it("refuses an empty command before connecting", async () => {
    await expect(
      execInPod(cluster.client, { namespace: "kube-system", pod: "cilium-abcde", command: [] }),
    ).rejects.toMatchObject({ code: "CC_K8S_INVALID" });
    expect(cluster.api.requestsMatching("UPGRADE", "/exec")).toHaveLength(0);
  });
});
