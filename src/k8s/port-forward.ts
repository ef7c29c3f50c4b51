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

/** The part of the `ws` WebSocket client-node returns that this module uses (its types are not installed). */
interface ForwardSocket {
  on(event: "close", listener: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  close(): void;
}

/**
 * Forwards each connection to `pod:port` through the API server (client-node's PortForward).
 * client-node sets no close handler once the WebSocket is open and swallows its errors
 * (dist/web-socket-handler.js connect: `onerror` rejects only before `onopen`; no `onclose`), so
 * a pod that closes its side, or dies, would leave the local connection open for ever: the
 * WebSocket's close ends the local socket, its error destroys it.
 */
export function kubePortForwarder(
  kubeConfig: KubeConfig,
  namespace: string,
  pod: string,
  port: number,
): ConnectionForwarder {
  const portForward = new PortForward(kubeConfig, true);
  const where = `${namespace}/${pod}:${port}`;
  return async (socket) => {
    // The error channel carries the kubelet's complaint (e.g. nothing listens on the port). Its
    // first frame is only the port number, which client-node strips to an empty write: not an error.
    const errorChannel = new Writable({
      write(chunk: Buffer, _encoding, done) {
        const text = chunk.toString("utf8").trim();
        if (text.length > 0) socket.destroy(new Error(`port-forward to ${where}: ${text}`));
        done();
      },
    });
    const opened = await portForward.portForward(namespace, pod, [port], socket, errorChannel, socket);
    const webSocket = (typeof opened === "function" ? opened() : opened) as unknown as ForwardSocket | null;
    if (!webSocket) throw new Error(`port-forward to ${where}: no WebSocket`);
    webSocket.on("close", () => socket.end());
    webSocket.on("error", (error) => socket.destroy(new Error(`port-forward to ${where}: ${error.message}`)));
    return () => webSocket.close();
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
