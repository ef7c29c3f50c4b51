// Static pods from the kubelet's manifest folder (kubernetes/kubernetes pkg/kubelet/config/file.go
// and common.go): each file one Pod; its name gets `-<node>`, its UID is a hash of the manifest
// (the kubelet's config.hash), nodeName is this node; the mirror pod the kubelet creates in the API
// carries the hash in kubernetes.io/config.mirror and is owned by the Node (pkg/kubelet/pod/mirror_client.go).

import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";

type Json = Record<string, unknown>;

export const MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

export async function readStaticPods(dir: string, nodeName: string): Promise<Json[]> {
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter((name) => !name.startsWith(".") && /\.(ya?ml|json)$/.test(name))
      .sort();
  } catch {
    return [];
  }
  const pods: Json[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), "utf8");
    pods.push(staticPod(parse(text) as Json, nodeName, text));
  }
  return pods;
}

export function staticPod(manifest: Json, nodeName: string, text: string): Json {
  const hash = createHash("md5").update(`${nodeName}\n${text}`).digest("hex");
  const metadata = { ...((manifest.metadata ?? {}) as Json) };
  const annotations = { ...((metadata.annotations ?? {}) as Json) };
  annotations["kubernetes.io/config.hash"] = hash;
  annotations["kubernetes.io/config.seen"] = new Date().toISOString();
  annotations["kubernetes.io/config.source"] = "file";
  return {
    ...manifest,
    metadata: {
      ...metadata,
      name: `${String(metadata.name)}-${nodeName}`,
      namespace: metadata.namespace ?? "default",
      uid: hash,
      annotations,
    },
    spec: {
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      schedulerName: "default-scheduler",
      ...((manifest.spec ?? {}) as Json),
      nodeName,
    },
  };
}

/** The mirror pod of a static pod, as the kubelet posts it. */
export function mirrorPod(pod: Json, node: { name: string; uid: string }): Json {
  const metadata = pod.metadata as Json;
  const annotations = {
    ...((metadata.annotations ?? {}) as Json),
    [MIRROR_ANNOTATION]: String(metadata.uid),
  };
  const { uid: _uid, ...rest } = metadata;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...rest,
      annotations,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.name, uid: node.uid, controller: true }],
    },
    spec: pod.spec,
  };
}
