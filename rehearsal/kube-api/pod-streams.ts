// Where a pod's exec, logs and port-forward go. The API server speaks the client-facing protocol
// (WebSocket channels, the exit Status on channel 3, the port prefix frames, the log query) and
// validates the request against the stored Pod as kube-apiserver does; a PodStreams backend
// supplies the streams. In a real cluster that is the node's kubelet (the API server proxies to
// it); the rehearsal plugs in a proxy to its kubelet double, the tests a scripted backend.

import type { Duplex, Readable, Writable } from "node:stream";

export type PodObject = Record<string, unknown>;

export interface PodStreamTarget {
  namespace: string;
  pod: string;
  /** The stored Pod (spec.nodeName, status.podIP, spec.hostNetwork, container statuses). */
  object: PodObject;
}

export interface ExecRequest extends PodStreamTarget {
  /** Always set: the server resolves the default when the pod has exactly one container. */
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface ExecStreams {
  /** What the client writes on channel 0 (present when `stdin=true` was asked); ends when it closes. */
  stdin: Readable | undefined;
  stdout: Writable;
  stderr: Writable;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** How the command ended; `failure` is anything but an exit code (no such binary, container gone). */
export type ExecExit = { exitCode: number } | { failure: { message: string; reason?: string } };

export interface LogRequest extends PodStreamTarget {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** RFC3339 */
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
}

export interface PodStreams {
  exec(request: ExecRequest, streams: ExecStreams): Promise<ExecExit>;
  /** The log text; it ends unless `follow`. Reject with PodStreamError for e.g. a waiting container. */
  logs(request: LogRequest, signal: AbortSignal): Promise<Readable>;
  /**
   * A connection to `port` inside the pod's network namespace. Reject (the message reaches the
   * client on the error channel) when nothing listens; end or destroy it when the pod side closes.
   */
  portForward(target: PodStreamTarget, port: number, signal: AbortSignal): Promise<Duplex>;
}

/** A refusal the kubelet answers with an HTTP status (e.g. 400 "container … is waiting to start"). */
export class PodStreamError extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(code: number, reason: string, message: string) {
    super(message);
    this.name = "PodStreamError";
    this.code = code;
    this.reason = reason;
  }
}

/** The backend of a server nobody plugged a kubelet into: every stream fails, saying so. */
export const NO_POD_STREAMS: PodStreams = {
  exec: async () => ({ failure: { message: "no kubelet is connected to this API server" } }),
  logs: async () => {
    throw new PodStreamError(500, "InternalError", "no kubelet is connected to this API server");
  },
  portForward: async () => {
    throw new Error("no kubelet is connected to this API server");
  },
};
