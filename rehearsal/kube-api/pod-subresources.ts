// The pod subresources that stream: exec and port-forward (WebSocket channel protocols) and log.
// The checks before any stream opens are kube-apiserver's (kubernetes/kubernetes
// pkg/registry/core/pod/strategy.go: validateContainer, streamLocation, LogLocation); the
// protocol after the upgrade is the kubelet's (k8s.io/kubelet pkg/cri/streaming: remotecommand
// writes the exit Status on channel 3, portforward prefixes each channel with its port).
// The streams themselves come from a PodStreams backend (pod-streams.ts).

import type { IncomingMessage, ServerResponse } from "node:http";
import { PassThrough, type Readable, Writable } from "node:stream";
import type { Json } from "./object-store.ts";
import {
  type ExecExit,
  type LogRequest,
  type PodObject,
  PodStreamError,
  type PodStreams,
  type PodStreamTarget,
} from "./pod-streams.ts";
import { StatusError } from "./status.ts";
import { acceptWebSocket, negotiateProtocol } from "./websocket.ts";

/** Exec protocols in the order kubelet's remotecommand knows them (v5 adds the CLOSE signal, 255). */
const EXEC_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
/** kubelet pkg/cri/streaming/portforward/websocket.go: "", v4 binary, v4 base64 — never v5. */
const PORT_FORWARD_PROTOCOLS = ["", "v4.channel.k8s.io", "v4.base64.channel.k8s.io"];

interface ContainerSpec {
  name?: string;
}

/**
 * The container a stream is for: the named one if the pod has it (init and ephemeral containers
 * included), else the only one; 400 otherwise (validateContainer).
 */
export function resolveContainer(pod: PodObject, podName: string, asked: string | null): string {
  const spec = (pod.spec ?? {}) as Record<string, ContainerSpec[] | undefined>;
  const containers = spec.containers ?? [];
  const all = [...(spec.initContainers ?? []), ...containers, ...(spec.ephemeralContainers ?? [])];
  if (asked) {
    if (!all.some((container) => container.name === asked)) {
      throw new StatusError(400, "BadRequest", `container ${asked} is not valid for pod ${podName}`);
    }
    return asked;
  }
  if (containers.length === 1) return String(containers[0]?.name);
  if (containers.length === 0) {
    throw new StatusError(400, "BadRequest", `a container name must be specified for pod ${podName}`);
  }
  const names = all.map((container) => container.name).join(" ");
  throw new StatusError(
    400,
    "BadRequest",
    `a container name must be specified for pod ${podName}, choose one of: [${names}]`,
  );
}

function requireHost(pod: PodObject, podName: string): void {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) throw new StatusError(400, "BadRequest", `pod ${podName} does not have a host assigned`);
}

/** Checks an exec upgrade before it is accepted; throws StatusError (sent as a plain HTTP answer). */
export function prepareExec(target: PodStreamTarget, query: URLSearchParams): PreparedExec {
  const container = resolveContainer(target.object, target.pod, query.get("container"));
  requireHost(target.object, target.pod);
  const command = query.getAll("command");
  // PodExecOptions take "true"/"1"; the apiserver passes them to the kubelet as "1", where
  // remotecommand's NewOptions refuses a request with no stream at all.
  const flag = (name: string) => ["1", "true"].includes(query.get(name) ?? "");
  if (!flag("stdin") && !flag("stdout") && !flag("stderr")) {
    throw new StatusError(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr");
  }
  return {
    ...target,
    container,
    command,
    stdin: flag("stdin"),
    tty: flag("tty"),
    stdout: flag("stdout"),
    stderr: flag("stderr"),
  };
}

export interface PreparedExec extends PodStreamTarget {
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  stdout: boolean;
  stderr: boolean;
}

export function execProtocol(request: IncomingMessage): string | undefined {
  return negotiateProtocol(request, EXEC_PROTOCOLS);
}

export function portForwardProtocol(request: IncomingMessage): string | undefined {
  return negotiateProtocol(request, PORT_FORWARD_PROTOCOLS);
}

/** Runs the command through the backend and reports how it ended on channel 3, then closes. */
export async function serveExec(
  request: IncomingMessage,
  socket: import("node:stream").Duplex,
  protocol: string,
  exec: PreparedExec,
  backend: PodStreams,
): Promise<void> {
  const ws = acceptWebSocket(request, socket, protocol);
  const abort = new AbortController();
  const stdin = exec.stdin ? new PassThrough() : undefined;
  ws.onMessage((data) => {
    const channel = data[0];
    // v5: [255, n] closes the client's stream n (stdin: 0).
    if (channel === 255 && protocol === "v5.channel.k8s.io" && data[1] === 0) stdin?.end();
    else if (channel === 0) stdin?.write(data.subarray(1));
  });
  ws.onClose(() => {
    stdin?.end();
    abort.abort();
  });
  const channelWriter = (channel: number) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        ws.sendChannel(channel, chunk);
        done();
      },
    });
  let exit: ExecExit;
  try {
    exit = await backend.exec(
      {
        namespace: exec.namespace,
        pod: exec.pod,
        object: exec.object,
        container: exec.container,
        command: exec.command,
        stdin: exec.stdin,
        tty: exec.tty,
      },
      { stdin, stdout: channelWriter(1), stderr: channelWriter(2), signal: abort.signal },
    );
  } catch (error) {
    exit = { failure: { message: error instanceof Error ? error.message : String(error) } };
  }
  ws.sendChannel(3, JSON.stringify(execStatus(exit, exec.command)));
  ws.close();
}

/**
 * The Status kubelet writes on channel 3 (remotecommand/exec.go ServeExec): Success; a non-zero
 * exit as NonZeroExitCode with the code in causes[{reason: ExitCode}]; anything else InternalError.
 */
export function execStatus(exit: ExecExit, command: readonly string[]): Json {
  if ("exitCode" in exit) {
    if (exit.exitCode === 0) return { metadata: {}, status: "Success" };
    return {
      metadata: {},
      status: "Failure",
      message: `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${exit.exitCode}`,
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: String(exit.exitCode) }] },
    };
  }
  const inner = `error executing command in container: ${exit.failure.message}`;
  return {
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${inner}`,
    reason: exit.failure.reason ?? "InternalError",
    details: { causes: [{ message: inner }] },
    code: 500,
  };
}

/** The `ports` query (kubelet portforward NewV4Options): required, each 1-65535. */
export function preparePortForward(target: PodStreamTarget, query: URLSearchParams): number[] {
  requireHost(target.object, target.pod);
  const texts = query
    .getAll("ports")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
  if (texts.length === 0) throw new StatusError(400, "BadRequest", 'query parameter "port" is required');
  return texts.map((text) => {
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) {
      throw new StatusError(400, "BadRequest", `unable to parse "${text}" as a port: invalid syntax`);
    }
    if (port === 0) throw new StatusError(400, "BadRequest", `port "${text}" must be > 0`);
    return port;
  });
}

/**
 * Two channels per port (data 2i, error 2i+1), each opened by the port number as 2 bytes little
 * endian; bytes on the data channel go to the pod's port. A failure is written on the error
 * channel; when every port's forwarding has ended (pod side closed, pod gone) the WebSocket closes.
 */
export function servePortForward(
  request: IncomingMessage,
  socket: import("node:stream").Duplex,
  protocol: string,
  target: PodStreamTarget,
  ports: readonly number[],
  backend: PodStreams,
): void {
  const ws = acceptWebSocket(request, socket, protocol);
  const abort = new AbortController();
  const uid = String((target.object.metadata as Json | undefined)?.uid ?? "");
  const podFullName = `${target.pod}_${target.namespace}`; // kubecontainer.GetPodFullName
  const upstreams = new Map<number, import("node:stream").Duplex>();
  const pending = new Map<number, Buffer[]>();
  for (const [index, port] of ports.entries()) {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    ws.sendChannel(index * 2, prefix);
    ws.sendChannel(index * 2 + 1, prefix);
    pending.set(index, []);
  }
  ws.onMessage((data) => {
    const channel = data[0] ?? 0;
    if (channel % 2 !== 0) return;
    const index = channel / 2;
    const payload = data.subarray(1);
    const upstream = upstreams.get(index);
    if (upstream) upstream.write(payload);
    else pending.get(index)?.push(Buffer.from(payload));
  });
  ws.onClose(() => {
    abort.abort();
    for (const upstream of upstreams.values()) upstream.destroy();
  });
  const forwards = ports.map(async (port, index) => {
    try {
      const upstream = await backend.portForward(target, port, abort.signal);
      if (abort.signal.aborted) {
        upstream.destroy();
        return;
      }
      upstreams.set(index, upstream);
      for (const chunk of pending.get(index) ?? []) upstream.write(chunk);
      pending.delete(index);
      await new Promise<void>((resolve) => {
        upstream.on("data", (chunk: Buffer) => ws.sendChannel(index * 2, chunk));
        upstream.once("close", () => resolve());
        upstream.once("end", () => resolve());
        upstream.once("error", (error: Error) => {
          ws.sendChannel(
            index * 2 + 1,
            `error forwarding port ${port} to pod ${podFullName}, uid ${uid}: ${error.message}`,
          );
          resolve();
        });
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ws.sendChannel(
        index * 2 + 1,
        `error forwarding port ${port} to pod ${podFullName}, uid ${uid}: ${message}`,
      );
    }
  });
  void Promise.all(forwards).then(() => ws.close());
}

/** GET pods/<name>/log: container checks here, the text from the backend (kubelet). */
export async function serveLog(
  response: ServerResponse,
  target: PodStreamTarget,
  query: URLSearchParams,
  backend: PodStreams,
): Promise<void> {
  const container = resolveContainer(target.object, target.pod, query.get("container"));
  const nodeName = (target.object.spec as { nodeName?: string } | undefined)?.nodeName;
  const number = (name: string) => {
    const text = query.get(name);
    if (text === null) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value)) {
      throw new StatusError(400, "BadRequest", `${name}: Invalid value: "${text}": must be an integer`);
    }
    return value;
  };
  const request: LogRequest = {
    ...target,
    container,
    follow: query.get("follow") === "true",
    previous: query.get("previous") === "true",
    timestamps: query.get("timestamps") === "true",
    ...optional("sinceSeconds", number("sinceSeconds")),
    ...optional("sinceTime", query.get("sinceTime") ?? undefined),
    ...optional("tailLines", number("tailLines")),
    ...optional("limitBytes", number("limitBytes")),
  };
  if (request.sinceSeconds !== undefined && request.sinceTime !== undefined) {
    throw new StatusError(400, "BadRequest", "at most one of `sinceTime` or `sinceSeconds` may be specified");
  }
  // LogLocation: a pod with no node yet has an empty log (LocationStreamer with no location).
  if (!nodeName) {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end();
    return;
  }
  const abort = new AbortController();
  response.on("close", () => abort.abort());
  let stream: Readable;
  try {
    stream = await backend.logs(request, abort.signal);
  } catch (error) {
    if (error instanceof PodStreamError) throw new StatusError(error.code, error.reason, error.message);
    throw error;
  }
  response.writeHead(200, { "content-type": "text/plain", "transfer-encoding": "chunked" });
  let sent = 0;
  stream.on("data", (chunk: Buffer) => {
    if (request.limitBytes !== undefined) {
      const room = request.limitBytes - sent;
      if (room <= 0) return;
      const part = chunk.subarray(0, room);
      sent += part.length;
      response.write(part);
      if (sent >= request.limitBytes) {
        stream.destroy();
        response.end();
      }
      return;
    }
    response.write(chunk);
  });
  stream.once("end", () => response.end());
  stream.once("error", () => response.destroy());
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
