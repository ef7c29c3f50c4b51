// Pod logs (a plain HTTP GET of the log subresource) for diagnostics: tail, container, since.

import { CoreV1Api } from "@kubernetes/client-node";
import { toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";

export interface PodLogRequest {
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  /** Logs of the previous, crashed instance of the container. */
  previous?: boolean;
}

export async function podLogs(client: KubeClient, request: PodLogRequest): Promise<string> {
  const core = client.kubeConfig.makeApiClient(CoreV1Api);
  try {
    return await core.readNamespacedPodLog({
      name: request.pod,
      namespace: request.namespace,
      ...(request.container !== undefined ? { container: request.container } : {}),
      ...(request.tailLines !== undefined ? { tailLines: request.tailLines } : {}),
      ...(request.sinceSeconds !== undefined ? { sinceSeconds: request.sinceSeconds } : {}),
      ...(request.timestamps !== undefined ? { timestamps: request.timestamps } : {}),
      ...(request.previous !== undefined ? { previous: request.previous } : {}),
    });
  } catch (error) {
    const target = `${request.namespace}/${request.pod}${request.container ? `/${request.container}` : ""}`;
    throw toKubeApiError(error, "logs of", `Pod ${target}`);
  }
}
