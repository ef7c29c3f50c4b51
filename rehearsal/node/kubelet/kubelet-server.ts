// The kubelet double's server on <node IP>:10250 (contract 4 of rehearsal/README.md), which the
// API server double calls for a pod's exec, logs and port-forward, as kube-apiserver proxies to a
// real kubelet's /exec, /containerLogs and /portForward. Every request must carry the cluster's
// kubelet client token (the double's stand-in for the apiserver-kubelet-client certificate).
//   POST /exec/<ns>/<pod>/<container>?command=…&stdin=1   Upgrade: cc-stream, then frames
//   GET  /containerLogs/<ns>/<pod>/<container>?timestamps&tailLines&sinceSeconds&sinceTime&limitBytes&follow&previous
//   POST /portForward/<ns>/<pod>?port=N                   Upgrade: cc-stream, then raw bytes
// Commands run in the container's network namespace with its environment and PATH; a command not
// on that PATH fails as the runtime says it (exit 127 would be the shell's; the CRI's message is
// an error, not an exit code).

import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { constants } from "node:os";
import type { Duplex } from "node:stream";
import { findExecutable, inNetns } from "../runtime/container-process.ts";
import { selectLogLines } from "../runtime/cri-log.ts";
import type { PodWorker } from "../runtime/pod-worker.ts";
import { CHANNEL, type ExecEnd, frame, readFrames, UPGRADE_PROTOCOL } from "./stream-frames.ts";

export interface KubeletServerDeps {
  token: string;
  /** The worker of a pod by namespace and name (mirror pods by their API name). */
  worker(namespace: string, name: string): PodWorker | undefined;
  log(line: string): void;
}

function refuse(response: ServerResponse, code: number, message: string): void {
  response.writeHead(code, { "content-type": "text/plain" }).end(message);
}

function refuseUpgrade(socket: Duplex, code: number, message: string): void {
  socket.end(
    `HTTP/1.1 ${code} Refused\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message)}\r\nconnection: close\r\n\r\n${message}`,
  );
}

function authorized(request: IncomingMessage, token: string): boolean {
  return request.headers.authorization === `Bearer ${token}`;
}

function parts(url: URL): string[] {
  return url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
}

export function startKubeletServer(address: string, port: number, deps: KubeletServerDeps): Promise<Server> {
  const server = createServer((request, response) => {
    void handleHttp(request, response, deps).catch((error: unknown) => refuse(response, 500, String(error)));
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Bytes the client sent behind its upgrade request come in `head`, not on the socket.
    if (head.length > 0) socket.unshift(head);
    void handleUpgrade(request, socket, deps).catch((error: unknown) =>
      refuseUpgrade(socket, 500, String(error)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => resolve(server));
  });
}

async function handleHttp(
  request: IncomingMessage,
  response: ServerResponse,
  deps: KubeletServerDeps,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://kubelet");
  if (url.pathname === "/healthz") return void response.end("ok");
  if (!authorized(request, deps.token)) return refuse(response, 401, "Unauthorized");
  const [kind, namespace = "", pod = "", container = ""] = parts(url);
  if (kind !== "containerLogs" || request.method !== "GET") return refuse(response, 404, "not found");
  const worker = deps.worker(namespace, pod);
  const runner = worker?.container(container);
  if (!worker || !runner)
    return refuse(response, 404, `pod ${namespace}/${pod} or container ${container} not found on this node`);
  const restart = runner.status.restartCount - (url.searchParams.get("previous") === "true" ? 1 : 0);
  if (restart < 0) {
    return refuse(response, 400, `previous terminated container "${container}" in pod "${pod}" not found`);
  }
  if ("waiting" in runner.status.state && runner.status.restartCount === 0 && !runner.status.containerID) {
    const reason = runner.status.state.waiting.reason;
    return refuse(
      response,
      400,
      `container "${container}" in pod "${pod}" is waiting to start: ${reason === "ContainerCreating" ? "ContainerCreating" : "trying and failing to pull image"}`,
    );
  }
  const path = `${worker.logDir(container)}/${restart}.log`;
  const number = (name: string) =>
    url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined;
  const query = {
    timestamps: url.searchParams.get("timestamps") === "true",
    ...(number("tailLines") !== undefined ? { tailLines: number("tailLines") } : {}),
    ...(number("sinceSeconds") !== undefined ? { sinceSeconds: number("sinceSeconds") } : {}),
    ...(url.searchParams.get("sinceTime") ? { sinceTime: url.searchParams.get("sinceTime") ?? "" } : {}),
    ...(number("limitBytes") !== undefined ? { limitBytes: number("limitBytes") } : {}),
  };
  response.writeHead(200, { "content-type": "text/plain" });
  const text = await readFile(path, "utf8").catch(() => "");
  response.write(selectLogLines(text, query, new Date()));
  if (url.searchParams.get("follow") !== "true") return void response.end();
  // follow: poll the file for new lines until the client goes or the container stops running.
  let offset = Buffer.byteLength(text);
  const timer = setInterval(async () => {
    const all = await readFile(path).catch(() => Buffer.alloc(0));
    if (all.length > offset) {
      response.write(
        selectLogLines(all.subarray(offset).toString("utf8"), { timestamps: query.timestamps }, new Date()),
      );
      offset = all.length;
    }
    if (!("running" in runner.status.state)) {
      clearInterval(timer);
      response.end();
    }
  }, 250);
  request.on("close", () => clearInterval(timer));
}

async function handleUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  deps: KubeletServerDeps,
): Promise<void> {
  if (!authorized(request, deps.token)) return refuseUpgrade(socket, 401, "Unauthorized");
  if (request.headers.upgrade !== UPGRADE_PROTOCOL)
    return refuseUpgrade(socket, 400, "expected Upgrade: cc-stream");
  const url = new URL(request.url ?? "/", "http://kubelet");
  const [kind, namespace = "", pod = "", container = ""] = parts(url);
  const worker = deps.worker(namespace, pod);
  if (!worker) return refuseUpgrade(socket, 404, `pod ${namespace}/${pod} not found on this node`);
  if (kind === "portForward") return portForward(worker, Number(url.searchParams.get("port")), socket);
  if (kind !== "exec") return refuseUpgrade(socket, 404, "not found");
  const target = worker.container(container)?.execTarget();
  if (!target) return refuseUpgrade(socket, 400, `container ${container} is not running`);
  const command = url.searchParams.getAll("command");
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nupgrade: ${UPGRADE_PROTOCOL}\r\nconnection: Upgrade\r\n\r\n`,
  );
  const end = (result: ExecEnd) => {
    socket.write(frame(CHANNEL.end, JSON.stringify(result)));
    socket.end();
  };
  if (!findExecutable(command[0] ?? "", target.env.PATH ?? "")) {
    return end({
      failure: {
        message: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0] ?? ""}": executable file not found in $PATH: unknown`,
      },
    });
  }
  const [program = "", ...args] = inNetns(target.netns, command);
  const child = spawn(program, args, { env: target.env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdout.on("data", (chunk: Buffer) => socket.write(frame(CHANNEL.stdout, chunk)));
  child.stderr.on("data", (chunk: Buffer) => socket.write(frame(CHANNEL.stderr, chunk)));
  const wantsStdin = url.searchParams.get("stdin") === "1" || url.searchParams.get("stdin") === "true";
  if (!wantsStdin) child.stdin.end();
  child.stdin.on("error", () => undefined);
  readFrames(socket, (channel, payload) => {
    if (channel === CHANNEL.stdin) child.stdin.write(payload);
    else if (channel === CHANNEL.closeStdin) child.stdin.end();
  });
  socket.on("close", () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  socket.on("error", () => undefined);
  child.on("error", (error) => end({ failure: { message: error.message } }));
  // runc reports a process a signal ended as 128 + the signal's number (SIGSEGV 139, SIGKILL 137).
  child.on("close", (code, signal) =>
    end({ exitCode: code ?? (signal ? 128 + (constants.signals[signal] ?? 9) : 1) }),
  );
}

function portForward(worker: PodWorker, port: number, socket: Duplex): void {
  const host = worker.hostNetwork ? "127.0.0.1" : (worker.state.podIP ?? "");
  if (!Number.isInteger(port) || port <= 0 || !host) {
    refuseUpgrade(socket, 400, `invalid port ${port}`);
    return;
  }
  const upstream: Socket = connect({ host, port });
  upstream.once("connect", () => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: ${UPGRADE_PROTOCOL}\r\nconnection: Upgrade\r\n\r\n`,
    );
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.once("error", (error) => {
    if (upstream.connecting) {
      refuseUpgrade(
        socket,
        502,
        `error forwarding port ${port} to pod ${worker.uid}, uid : failed to execute portforward in network namespace: failed to connect to localhost:${port} inside namespace: ${error.message}`,
      );
    } else socket.destroy();
  });
  socket.on("error", () => upstream.destroy());
  socket.on("close", () => upstream.destroy());
  upstream.on("close", () => socket.end());
}
