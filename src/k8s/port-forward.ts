// A local TCP listener on 127.0.0.1 whose connections are carried to a pod's port through the
// API server (client-node PortForward), like `kubectl port-forward`. Used to reach Hubble UI
// and relay without exposing them.

import { createServer, type Server, type Socket } from "node:net";
import { Writable } from "node:stream";
import { PortForward } from "@kubernetes/client-node";
import { KubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";

export interface PortForwardRequest {
  namespace: string;
  pod: string;
  podPort: number;
  /** Local port; 0 (default) picks a free one. */
  localPort?: number;
}

export interface OpenPortForward {
  localPort: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Errors the API server reported on the error channel (e.g. nothing listening in the pod). */
  errors: readonly string[];
  close(): Promise<void>;
}

interface ForwardSocket {
  close(): void;
}

export function validatePort(port: number, what: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KubeApiError("CC_K8S_INVALID", `port-forward: ${what} ${port} is not a TCP port (0-65535)`);
  }
}

export async function openPortForward(
  client: KubeClient,
  request: PortForwardRequest,
): Promise<OpenPortForward> {
  validatePort(request.podPort, "pod port");
  if (request.podPort === 0)
    throw new KubeApiError("CC_K8S_INVALID", "port-forward: pod port 0 is not a port");
  validatePort(request.localPort ?? 0, "local port");
  const forwarder = new PortForward(client.kubeConfig);
  const errors: string[] = [];
  const connections = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    const errorSink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        const text = chunk.toString("utf8");
        if (text.length > 0) {
          errors.push(text);
          socket.destroy();
        }
        callback();
      },
    });
    forwarder
      .portForward(request.namespace, request.pod, [request.podPort], socket, errorSink, socket)
      .then((opened) => {
        const ws = opened as unknown as ForwardSocket;
        socket.on("close", () => ws.close());
      })
      .catch((error: unknown) => {
        errors.push(
          error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error),
        );
        socket.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(request.localPort ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const localPort = typeof address === "object" && address ? address.port : 0;
  return {
    localPort,
    url: `http://127.0.0.1:${localPort}`,
    errors,
    close: async () => {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
