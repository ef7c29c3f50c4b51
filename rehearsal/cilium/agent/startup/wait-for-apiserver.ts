// pkg/k8s/client/cell.go waitForConn: "Establishing connection to apiserver" every 5s (a GET of
// namespace kube-system), "Connected to apiserver" once it answers; after a minute without an
// answer "Unable to contact k8s api-server" and the agent fails to start. Without kube-proxy a
// wrong k8sServiceHost/k8sServicePort therefore crash-loops the agent.

import type { KubeRestClient } from "../../../k8s/kube-rest-client.ts";
import { RESOURCES, resourcePath } from "../../../k8s/resource-path.ts";
import type { Logger } from "../../log-line.ts";

export const CONN_TIMEOUT_MS = 60_000;
export const CONN_RETRY_INTERVAL_MS = 5_000;

export async function waitForApiServer(
  client: KubeRestClient,
  log: Logger,
  options: { timeoutMs?: number; retryMs?: number } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? CONN_TIMEOUT_MS;
  const retry = options.retryMs ?? CONN_RETRY_INTERVAL_MS;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    log.info("Establishing connection to apiserver", { ipAddr: client.server });
    try {
      const namespace = await client.get(resourcePath(RESOURCES.namespaces, { name: "kube-system" }), {
        timeoutMs: Math.min(retry, 10_000),
      });
      if (namespace === undefined) throw new Error('namespaces "kube-system" not found');
      log.info("Connected to apiserver");
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() + retry > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, retry));
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  log.error("Unable to contact k8s api-server", { ipAddr: client.server, error: message });
  throw new Error(`unable to contact k8s api-server ${client.server}: ${message}`);
}
