import { describe, expect, it } from "vitest";
import { MIRROR_ANNOTATION, mirrorPod, staticPod } from "../../../../rehearsal/node/kubelet/static-pods.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;

describe("static pods and their mirror pods", () => {
  const manifest = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "kube-apiserver", namespace: "kube-system" },
    spec: { hostNetwork: true, containers: [{ name: "kube-apiserver", image: "i" }] },
  };

  it("name the pod <name>-<node>, pin it to the node and give it the manifest's hash as UID", () => {
    const pod = staticPod(manifest, "cc-1-control-plane", "text") as Json;
    expect(pod.metadata.name).toBe("kube-apiserver-cc-1-control-plane");
    expect(pod.spec.nodeName).toBe("cc-1-control-plane");
    expect(pod.metadata.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(pod.metadata.annotations["kubernetes.io/config.hash"]).toBe(pod.metadata.uid);
    expect(staticPod(manifest, "cc-1-control-plane", "changed").metadata).not.toMatchObject({
      uid: pod.metadata.uid,
    });
  });

  it("mirror the pod in the API with config.mirror and the Node as owner, without the static UID", () => {
    const pod = staticPod(manifest, "n", "text");
    const mirror = mirrorPod(pod, { name: "n", uid: "node-uid" }) as Json;
    expect(mirror.metadata.uid).toBeUndefined();
    expect(mirror.metadata.annotations[MIRROR_ANNOTATION]).toBe(
      (pod.metadata as Record<string, unknown>).uid,
    );
    expect(mirror.metadata.ownerReferences).toEqual([
      { apiVersion: "v1", kind: "Node", name: "n", uid: "node-uid", controller: true },
    ]);
  });
});
