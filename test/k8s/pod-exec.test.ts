import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

  it("names the API server's refusal before the upgrade (container unknown, none named of several, pod not scheduled)", async () => {
    await expect(
      execInPod(cluster.client, {
        namespace: "kube-system",
        pod: "cilium-abcde",
        container: "nope",
        command: ["true"],
      }),
    ).rejects.toMatchObject({
      code: "CC_K8S_INVALID",
      status: 400,
      message:
        "exec in Pod kube-system/cilium-abcde/nope: HTTP 400 BadRequest: container nope is not valid for pod cilium-abcde",
    });
    cluster.api.put(
      runningPod({ namespace: "kube-system", name: "two", containers: ["cilium-agent", "mount-cgroup"] }),
    );
    await expect(
      execInPod(cluster.client, { namespace: "kube-system", pod: "two", command: ["true"] }),
    ).rejects.toThrow(
      "exec in Pod kube-system/two: HTTP 400 BadRequest: a container name must be specified for pod two, choose one of: [cilium-agent mount-cgroup]",
    );
    const pending = runningPod({ namespace: "kube-system", name: "pending" });
    delete (pending.spec as Record<string, unknown>).nodeName;
    cluster.api.put(pending);
    await expect(
      execInPod(cluster.client, { namespace: "kube-system", pod: "pending", command: ["true"] }),
    ).rejects.toThrow("HTTP 400 BadRequest: pod pending does not have a host assigned");
  });

  it("closes the socket of a handshake that completes after the timeout (no leaked exec)", async () => {
    cluster.api.onExec(() => new Promise(() => undefined)); // a command that never ends
    cluster.api.hangNext({ method: "UPGRADE" });
    await expect(
      execInPod(cluster.client, {
        namespace: "kube-system",
        pod: "cilium-abcde",
        command: ["sleep", "3600"],
        timeoutMs: 200,
      }),
    ).rejects.toThrow("exec in Pod kube-system/cilium-abcde: no exit status after 200ms");
    // The handshake is held by the server (on a loaded machine it may arrive after the timeout).
    await vi.waitFor(() => expect(cluster.api.openStreams).toBe(1), { timeout: 10_000 });
    cluster.api.releaseUpgrades();
    await vi.waitFor(() => expect(cluster.api.openStreams).toBe(0), { timeout: 3000 });
  });

  it("closes the socket of a handshake that completes after the caller aborted", async () => {
    cluster.api.onExec(() => new Promise(() => undefined));
    cluster.api.hangNext({ method: "UPGRADE" });
    const controller = new AbortController();
    const exec = execInPod(cluster.client, {
      namespace: "kube-system",
      pod: "cilium-abcde",
      command: ["sleep", "3600"],
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(cluster.api.openStreams).toBe(1), { timeout: 10_000 });
    controller.abort(new Error("suite cancelled"));
    await expect(exec).rejects.toThrow("suite cancelled");
    cluster.api.releaseUpgrades();
    await vi.waitFor(() => expect(cluster.api.openStreams).toBe(0), { timeout: 3000 });
  });

  it("refuses an empty command before connecting", async () => {
    await expect(
      execInPod(cluster.client, { namespace: "kube-system", pod: "cilium-abcde", command: [] }),
    ).rejects.toMatchObject({ code: "CC_K8S_INVALID" });
    expect(cluster.api.requestsMatching("UPGRADE", "/exec")).toHaveLength(0);
  });
});
