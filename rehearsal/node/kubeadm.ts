// `node rehearsal/node/kubeadm.ts init|join`, run by the fake kind in a node container with a
// NodeBootstrap as JSON on stdin — the double of `kubeadm init` / `kubeadm join` as kind runs them
// (kubernetes-sigs/kind v0.31.0 pkg/cluster/internal/create/actions/kubeadminit, kubeadmjoin).
// init: files, static pods, wait for the API server, the addons and uploaded config, then marks
// the control plane (labels; taint unless it has no workers, as kind removes it then). join:
// files; the kubelet registers the node by itself. Output in kubeadm's style; exit 1 on failure.

import { readFileSync } from "node:fs";
import { request } from "node:https";
import { hasFault } from "../faults/faults.ts";
import { kubeconfigClientConfig } from "../k8s/kube-config.ts";
import { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { CONTROL_PLANE_TAINT, coreDnsObjects, uploadedConfig } from "./kubeadm/addons.ts";
import { createAll, markControlPlane, waitForNode } from "./kubeadm/api-steps.ts";
import { KUBE_PROXY_DAEMONSET_FAULT, kubeProxyObjects } from "./kubeadm/kube-proxy-addon.ts";
import type { NodeBootstrap } from "./kubeadm/node-bootstrap.ts";
import { writeNodeFiles } from "./kubeadm/write-node-files.ts";
import { NODE_PATHS } from "./node-paths.ts";

const API_WAIT_MS = 240_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function apiHealthy(
  server: string,
  config: ReturnType<typeof kubeconfigClientConfig>,
): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      `${server}/readyz`,
      {
        ca: config.ca,
        cert: config.clientCert?.cert,
        key: config.clientCert?.key,
        timeout: 5000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

async function waitForApiServer(bootstrap: NodeBootstrap): Promise<KubeRestClient> {
  const config = kubeconfigClientConfig(NODE_PATHS.adminKubeconfig);
  const started = Date.now();
  say(
    `[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "${NODE_PATHS.staticPodDir}"`,
  );
  say(`[control-plane-check] Checking kube-apiserver at https://${bootstrap.advertiseAddress}:6443/readyz`);
  while (!(await apiHealthy(config.server, config))) {
    if (Date.now() - started > API_WAIT_MS) {
      throw new Error(
        `[control-plane-check] kube-apiserver is not healthy after ${API_WAIT_MS / 1000}s (https://${bootstrap.advertiseAddress}:6443/readyz)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  say(`[control-plane-check] kube-apiserver is healthy after ${((Date.now() - started) / 1000).toFixed(6)}s`);
  return new KubeRestClient(config);
}

async function init(bootstrap: NodeBootstrap): Promise<void> {
  say(`[init] Using Kubernetes version: ${bootstrap.kubernetesVersion}`);
  for (const path of await writeNodeFiles(bootstrap)) say(`[files] Wrote ${path}`);
  const client = await waitForApiServer(bootstrap);
  const ca = readFileSync(NODE_PATHS.caCert, "utf8");
  await createAll(client, uploadedConfig(bootstrap, ca));
  say(
    '[upload-config] Stored the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace',
  );
  await waitForNode(client, bootstrap.nodeName, API_WAIT_MS);
  const taints = bootstrap.workers > 0 ? [{ key: CONTROL_PLANE_TAINT, effect: "NoSchedule" }] : [];
  await markControlPlane(client, bootstrap.nodeName, taints);
  say(
    `[mark-control-plane] Marking the node ${bootstrap.nodeName} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]`,
  );
  if (taints.length > 0) {
    say(
      `[mark-control-plane] Marking the node ${bootstrap.nodeName} as control-plane by adding the taints [${CONTROL_PLANE_TAINT}:NoSchedule]`,
    );
  }
  await createAll(client, coreDnsObjects(bootstrap));
  say("[addons] Applied essential addon: CoreDNS");
  // kind asks kubeadm to skip addon/kube-proxy (kubeProxyMode: none); the fault ignores that.
  if (hasFault(KUBE_PROXY_DAEMONSET_FAULT)) {
    await createAll(client, kubeProxyObjects(bootstrap));
    say("[addons] Applied essential addon: kube-proxy");
  }
  say("Your Kubernetes control-plane has initialized successfully!");
}

async function join(bootstrap: NodeBootstrap): Promise<void> {
  say("[preflight] Running pre-flight checks");
  for (const path of await writeNodeFiles(bootstrap)) say(`[files] Wrote ${path}`);
  say("[kubelet-start] Starting the kubelet");
  say("This node has joined the cluster:");
  say("* Certificate signing request was sent to apiserver and a response was received.");
  say("* The Kubelet was informed of the new secure connection details.");
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const phase = process.argv[2];
try {
  if (phase !== "init" && phase !== "join")
    throw new Error(`unknown phase "${phase ?? ""}": use init or join`);
  const bootstrap = JSON.parse(await readStdin()) as NodeBootstrap;
  await (phase === "init" ? init(bootstrap) : join(bootstrap));
} catch (error) {
  process.stderr.write(
    `error execution phase ${phase ?? "?"}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
