// kubeadm's file phase on a node: the certificates and kubeconfigs it was handed, the kubelet's
// settings (what kind passes as kubelet flags and KubeletConfiguration), and on the control plane
// the static pod manifests. The node entrypoint starts the kubelet once its settings exist.

import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { NODE_PATHS } from "../node-paths.ts";
import { type KubeletSettings, type NodeBootstrap, serviceSubnetAddress } from "./node-bootstrap.ts";
import { controlPlaneStaticPods } from "./static-pods.ts";

async function writeAtomically(path: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, content, { mode });
  await rename(temp, path);
}

export function kubeletSettings(bootstrap: NodeBootstrap): KubeletSettings {
  return {
    nodeName: bootstrap.nodeName,
    nodeIP: bootstrap.nodeIP,
    providerID: bootstrap.providerID,
    labels: bootstrap.labels,
    kubernetesVersion: bootstrap.kubernetesVersion,
    clusterDNS: serviceSubnetAddress(bootstrap.serviceSubnet, 10),
    clusterDomain: "cluster.local",
    ...(bootstrap.role === "control-plane" ? { staticPodPath: NODE_PATHS.staticPodDir } : {}),
    kubernetesService: { host: serviceSubnetAddress(bootstrap.serviceSubnet, 1), port: 443 },
  };
}

export async function writeNodeFiles(bootstrap: NodeBootstrap): Promise<string[]> {
  const written: string[] = [];
  for (const [path, file] of Object.entries(bootstrap.files)) {
    await writeAtomically(path, file.content, file.mode);
    written.push(path);
  }
  if (bootstrap.role === "control-plane") {
    for (const [name, pod] of Object.entries(controlPlaneStaticPods(bootstrap))) {
      const path = join(NODE_PATHS.staticPodDir, name);
      await writeAtomically(path, stringify(pod), 0o600);
      written.push(path);
    }
  }
  // Last: its appearance is what starts the kubelet.
  await writeAtomically(NODE_PATHS.kubeletConfig, `${JSON.stringify(kubeletSettings(bootstrap), null, 2)}\n`);
  written.push(NODE_PATHS.kubeletConfig);
  return written;
}
