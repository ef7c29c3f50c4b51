// A local TCP listener on 127.0.0.1 whose connections are carried to a pod's port through the
// API server (client-node PortForward), like `kubectl port-forward`. Used to reach Hubble UI
// and relay without exposing them.

import { Writable } from "node:stream";
import { type KubeConfig, PortForward } from "@kubernetes/client-node";
import { KubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import { type ConnectionForwarder, type LocalForward, listenAndForward } from "./local-forward.ts";

export interface PortForwardRequest {
  namespace: string;
  pod: string;
  podPort: number;
  /** Local port; 0 (default) picks a free one. */
  localPort?: number;
}

export interface OpenPortForward extends LocalForward {
  localPort: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Errors on the API server's error channel (e.g. nothing listening in the pod), and failed upgrades. */
  errors: string[];
}

export function validatePort(port: number, what: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KubeApiError("CC_K8S_INVALID", `port-forward: ${what} ${port} is not a TCP port (0-65535)`);
  }
}

/** Forwards each connection to `pod:port` through the API server (client-node's PortForward). */
export function kubePortForwarder(
  kubeConfig: KubeConfig,
  namespace: string,
  pod: string,
  port: number,
): ConnectionForwarder {
  const portForward = new PortForward(kubeConfig, true);
  return async (socket) => {
    // The error channel carries the kubelet's complaint (e.g. nothing listens on the port). Its
    // first frame is only the port number, which client-node strips to an empty write: not an error.
    const errorChannel = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const text = chunk.toString("utf8").trim();
        if (text.length > 0)
          socket.destroy(new Error(`port-forward to ${namespace}/${pod}:${port}: ${text}`));
        done();
      },
    });
    const opened = await portForward.portForward(namespace, pod, [port], socket, errorChannel, socket);
    const webSocket = typeof opened === "function" ? opened() : opened;
    return () => webSocket?.close();
  };
}

export async function openPortForward(
  client: Pick<KubeClient, "kubeConfig">,
  request: PortForwardRequest,
): Promise<OpenPortForward> {
  validatePort(request.podPort, "pod port");
  if (request.podPort === 0)
    throw new KubeApiError("CC_K8S_INVALID", "port-forward: pod port 0 is not a port");
  validatePort(request.localPort ?? 0, "local port");
  const forward = await listenAndForward(
    kubePortForwarder(client.kubeConfig, request.namespace, request.pod, request.podPort),
    request.localPort ?? 0,
  );
  return { ...forward, localPort: forward.port, url: `http://127.0.0.1:${forward.port}` };
}
