// Contract 4 of rehearsal/README.md, the API server's side: a pod's exec, logs and port-forward go
// to the kubelet double of its node (its InternalIP from the Node, else the pod's hostIP) on port
// 10250, carrying the cluster's kubelet client token — as kube-apiserver proxies these
// subresources to a real kubelet (pkg/registry/core/pod/strategy.go streamLocation,
// --kubelet-preferred-address-types InternalIP first).

import { request } from "node:http";
import type { Duplex, Readable } from "node:stream";
import type { Json } from "../../kube-api/object-store.ts";
import {
  type ExecExit,
  type ExecRequest,
  type ExecStreams,
  type LogRequest,
  PodStreamError,
  type PodStreams,
  type PodStreamTarget,
} from "../../kube-api/pod-streams.ts";
import { CHANNEL, type ExecEnd, frame, readFrames, UPGRADE_PROTOCOL } from "../kubelet/stream-frames.ts";
import { KUBELET_PORT } from "../node-paths.ts";

export interface KubeletProxyOptions {
  token: string;
  /** The Node object by name (the server's store). */
  node(name: string): Json | undefined;
  port?: number;
}

function nodeAddress(options: KubeletProxyOptions, target: PodStreamTarget): string {
  const spec = (target.object.spec ?? {}) as Json;
  const node = options.node(String(spec.nodeName ?? ""));
  const addresses = ((node?.status as Json | undefined)?.addresses ?? []) as Json[];
  const internal = addresses.find((a) => a.type === "InternalIP")?.address;
  const host = internal ?? (target.object.status as Json | undefined)?.hostIP;
  if (!host) throw new PodStreamError(400, "BadRequest", `pod ${target.pod} does not have a host assigned`);
  return String(host);
}

function upgrade(
  options: KubeletProxyOptions,
  host: string,
  path: string,
  signal: AbortSignal,
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const req = request({
      host,
      port: options.port ?? KUBELET_PORT,
      path,
      method: "POST",
      headers: { connection: "Upgrade", upgrade: UPGRADE_PROTOCOL, authorization: `Bearer ${options.token}` },
      signal,
    });
    // Bytes the kubelet wrote right behind its 101 (a fast exec's frames, a server's first bytes on
    // a port-forward) arrive in `head`, not on the socket: put them back in front.
    req.on("upgrade", (_response, socket: Duplex, head: Buffer) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const message = Buffer.concat(chunks).toString("utf8") || `kubelet answered ${response.statusCode}`;
        reject(
          new PodStreamError(
            response.statusCode === 404 ? 404 : 500,
            response.statusCode === 404 ? "NotFound" : "InternalError",
            message,
          ),
        );
      });
    });
    req.on("error", (error) =>
      reject(new PodStreamError(500, "InternalError", `error dialing backend: ${error.message}`)),
    );
    req.end();
  });
}

export function kubeletProxy(options: KubeletProxyOptions): PodStreams {
  return {
    async exec(exec: ExecRequest, streams: ExecStreams): Promise<ExecExit> {
      const host = nodeAddress(options, exec);
      const query = new URLSearchParams();
      for (const part of exec.command) query.append("command", part);
      if (exec.stdin) query.set("stdin", "1");
      let socket: Duplex;
      try {
        socket = await upgrade(
          options,
          host,
          `/exec/${encodeURIComponent(exec.namespace)}/${encodeURIComponent(exec.pod)}/${encodeURIComponent(exec.container)}?${query}`,
          streams.signal,
        );
      } catch (error) {
        return { failure: { message: (error as Error).message } };
      }
      return new Promise<ExecExit>((resolve) => {
        let ended: ExecEnd | undefined;
        readFrames(socket, (channel, payload) => {
          if (channel === CHANNEL.stdout) streams.stdout.write(payload);
          else if (channel === CHANNEL.stderr) streams.stderr.write(payload);
          else if (channel === CHANNEL.end) ended = JSON.parse(payload.toString("utf8")) as ExecEnd;
        });
        streams.stdin?.on("data", (chunk: Buffer) => socket.write(frame(CHANNEL.stdin, chunk)));
        streams.stdin?.on("end", () => socket.write(frame(CHANNEL.closeStdin)));
        streams.signal.addEventListener("abort", () => socket.destroy(), { once: true });
        socket.on("error", () => undefined);
        socket.on("close", () =>
          resolve(
            ended ?? { failure: { message: "the kubelet closed the exec stream without an exit status" } },
          ),
        );
      });
    },

    async logs(log: LogRequest, signal: AbortSignal): Promise<Readable> {
      const host = nodeAddress(options, log);
      const query = new URLSearchParams();
      if (log.timestamps) query.set("timestamps", "true");
      if (log.follow) query.set("follow", "true");
      if (log.previous) query.set("previous", "true");
      if (log.tailLines !== undefined) query.set("tailLines", String(log.tailLines));
      if (log.sinceSeconds !== undefined) query.set("sinceSeconds", String(log.sinceSeconds));
      if (log.sinceTime !== undefined) query.set("sinceTime", log.sinceTime);
      if (log.limitBytes !== undefined) query.set("limitBytes", String(log.limitBytes));
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host,
            port: options.port ?? KUBELET_PORT,
            path: `/containerLogs/${encodeURIComponent(log.namespace)}/${encodeURIComponent(log.pod)}/${encodeURIComponent(log.container)}?${query}`,
            headers: { authorization: `Bearer ${options.token}` },
            signal,
          },
          (response) => {
            if (response.statusCode === 200) return resolve(response);
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () =>
              reject(
                new PodStreamError(
                  response.statusCode === 404 ? 404 : 400,
                  response.statusCode === 404 ? "NotFound" : "BadRequest",
                  Buffer.concat(chunks).toString("utf8"),
                ),
              ),
            );
          },
        );
        req.on("error", (error) =>
          reject(new PodStreamError(500, "InternalError", `error dialing backend: ${error.message}`)),
        );
        req.end();
      });
    },

    async portForward(target: PodStreamTarget, port: number, signal: AbortSignal): Promise<Duplex> {
      const host = nodeAddress(options, target);
      return upgrade(
        options,
        host,
        `/portForward/${encodeURIComponent(target.namespace)}/${encodeURIComponent(target.pod)}?port=${port}`,
        signal,
      );
    },
  };
}
