import { describe, expect, it } from "vitest";
import type { KubeRestClient } from "../../../../rehearsal/k8s/kube-rest-client.ts";
import { MountError, prepareVolumes } from "../../../../rehearsal/node/runtime/pod-volumes.ts";

// An API server that does not answer in time, as under heavy load: client-node's undici rejects
// with a connect timeout.
const unreachable = {
  get: () =>
    Promise.reject(
      new Error("Connect Timeout Error (attempted address: cc-x-control-plane:6443, timeout: 10000ms)"),
    ),
} as unknown as KubeRestClient;

const pod = (volume: Record<string, unknown>) => ({
  metadata: { name: "client", namespace: "cilium-test-1", uid: "uid-1" },
  spec: { volumes: [{ name: "v", ...volume }] },
});

describe("prepareVolumes", () => {
  it("turns an API error reading a configMap or secret source into a MountError the pod worker retries", async () => {
    for (const [volume, text] of [
      [{ configMap: { name: "cfg" } }, "couldn't get configMap cilium-test-1/cfg: Connect Timeout Error"],
      [{ secret: { secretName: "tls" } }, "couldn't get secret cilium-test-1/tls: Connect Timeout Error"],
    ] as const) {
      const failure = await prepareVolumes(unreachable, pod(volume), { static: false }).catch(
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(MountError);
      expect((failure as Error).message).toContain(text);
    }
  });
});
