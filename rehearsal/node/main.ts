// A node container's entrypoint: what systemd and the kubelet unit are on a kind node. Makes the
// runtime folders, then waits for kubeadm (init or join) to leave the kubelet's settings and
// credentials, and runs the kubelet double. Its log goes to the container's output (`docker logs`,
// kind's serial.log) and to /var/log/kubelet.log.

import { appendFileSync, mkdirSync } from "node:fs";
import { Kubelet, loadKubeletSettings } from "./kubelet/kubelet.ts";
import { NODE_PATHS } from "./node-paths.ts";

function log(line: string): void {
  const stamped = `${new Date().toISOString()} ${line}\n`;
  process.stdout.write(stamped);
  try {
    appendFileSync(NODE_PATHS.kubeletLog, stamped);
  } catch {}
}

for (const dir of [
  NODE_PATHS.netnsDir,
  NODE_PATHS.podsDir,
  NODE_PATHS.podLogsDir,
  NODE_PATHS.cniConfDir,
  "/var/run/cilium",
  "/var/lib/rehearsal",
]) {
  mkdirSync(dir, { recursive: true });
}
log(
  `node ${process.env.CC_NODE_NAME ?? "?"} (${process.env.CC_NODE_ROLE ?? "?"}) of cluster ${process.env.CC_CLUSTER_NAME ?? "?"}: waiting for kubeadm`,
);

process.on("SIGTERM", () => process.exit(0));
process.on("unhandledRejection", (error) => log(`unhandled: ${(error as Error)?.stack ?? String(error)}`));

let settings = loadKubeletSettings();
while (!settings) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  settings = loadKubeletSettings();
}
log(
  `kubelet: starting for node ${settings.nodeName} (${settings.nodeIP}), Kubernetes ${settings.kubernetesVersion}`,
);
await new Kubelet(settings, log).start();
