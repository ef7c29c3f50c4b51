import { createServer, type Socket } from "node:net";
import { Writable } from "node:stream";
import { CoreV1Api, type KubeConfig, PortForward, type V1Pod } from "@kubernetes/client-node";
import { EnvironmentError } from "../../errors.ts";

/** Carries one accepted local connection to the remote end; returns how to tear it down. */
export type ConnectionForwarder = (socket: Socket) => Promise<() => void>;

export interface LocalForward {
  /** `127.0.0.1:<port>`: give this to the gRPC client. */
  address: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Why forwarding a connection failed, newest last (the socket was closed). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A TCP listener on 127.0.0.1:<free port> that hands every connection to `forward` — the
 * plumbing of a port-forward, apart from how the bytes travel (so it is tested without a cluster).
 */
export async function listenAndForward(forward: ConnectionForwarder): Promise<LocalForward> {
  const sockets = new Set<Socket>();
  const errors: string[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    // A forwarder reports a failure mid-stream by destroying the socket with an error.
    socket.on("error", (error) => {
      errors.push(error.message);
      socket.destroy();
    });
    socket.once("close", () => sockets.delete(socket));
    forward(socket).then(
      (teardown) => {
        if (socket.destroyed) teardown();
        else socket.once("close", teardown);
      },
      (error: unknown) => {
        errors.push(error instanceof Error ? error.message : String(error));
        socket.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    connections: () => connections,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
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

/** The first Running pod whose containers are all ready; undefined when there is none. */
export function pickReadyPod(pods: readonly V1Pod[]): string | undefined {
  const ready = pods.find(
    (pod) =>
      pod.status?.phase === "Running" &&
      pod.metadata?.deletionTimestamp === undefined &&
      (pod.status.conditions ?? []).some(
        (condition) => condition.type === "Ready" && condition.status === "True",
      ),
  );
  return ready?.metadata?.name;
}

export interface RelayLocation {
  namespace?: string;
  labelSelector?: string;
  port?: number;
}

/** Hubble Relay as Cilium's chart deploys it: kube-system, k8s-app=hubble-relay, gRPC on 4245. */
export const defaultRelayLocation = {
  namespace: "kube-system",
  labelSelector: "k8s-app=hubble-relay",
  port: 4245,
};

export async function findRelayPod(kubeConfig: KubeConfig, location: RelayLocation = {}): Promise<string> {
  const namespace = location.namespace ?? defaultRelayLocation.namespace;
  const labelSelector = location.labelSelector ?? defaultRelayLocation.labelSelector;
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const list = await api.listNamespacedPod({ namespace, labelSelector });
  const pod = pickReadyPod(list.items);
  if (!pod) {
    const seen =
      list.items.map((p) => `${p.metadata?.name} (${p.status?.phase ?? "?"})`).join(", ") || "none";
    throw new EnvironmentError(
      "CC_ENV_HUBBLE_RELAY_NOT_FOUND",
      `no ready Hubble Relay pod in ${namespace} with label ${labelSelector} (pods: ${seen})`,
      { hint: "set hubble.relay.enabled=true in the Cilium values, and check the pod's events and logs" },
    );
  }
  return pod;
}

/** Finds the relay pod and forwards a local port to its gRPC port, as `cilium hubble port-forward`. */
export async function openRelayPortForward(
  kubeConfig: KubeConfig,
  location: RelayLocation = {},
): Promise<LocalForward & { pod: string }> {
  const namespace = location.namespace ?? defaultRelayLocation.namespace;
  const pod = await findRelayPod(kubeConfig, location);
  const forward = await listenAndForward(
    kubePortForwarder(kubeConfig, namespace, pod, location.port ?? defaultRelayLocation.port),
  );
  return { ...forward, pod };
}
