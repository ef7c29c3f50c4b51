// Container probes as the kubelet runs them (kubernetes/kubernetes pkg/kubelet/prober): httpGet
// (success for status 200–399; host defaults to the pod IP; named ports resolve against the
// container's ports; HTTPS without verifying the certificate), tcpSocket (a connection opens),
// exec (exit 0), grpc (grpc-probe.ts). Each attempt is bounded by timeoutSeconds.

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";

type Json = Record<string, unknown>;

export interface ProbeTarget {
  /** The pod IP (the node's for hostNetwork pods). */
  podIP: string;
  container: Json;
  /** Runs a command in the container; resolves its exit code. */
  exec(command: string[], timeoutMs: number): Promise<number>;
}

export interface ProbeResult {
  ok: boolean;
  /** The kubelet's words for a failure (the Unhealthy event's message). */
  message: string;
}

export function resolvePort(port: unknown, container: Json): number | undefined {
  if (typeof port === "number") return port;
  if (typeof port === "string" && /^\d+$/.test(port)) return Number(port);
  const named = ((container.ports ?? []) as Json[]).find((p) => p.name === port);
  return named ? Number(named.containerPort) : undefined;
}

function httpProbe(spec: Json, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(spec.port, target.container);
  const host = String(spec.host ?? target.podIP);
  const scheme = String(spec.scheme ?? "HTTP");
  const path = String(spec.path ?? "/");
  const url = `${scheme.toLowerCase()}://${host}:${port}${path}`;
  if (port === undefined)
    return Promise.resolve({ ok: false, message: `Probe failed: invalid port ${String(spec.port)}` });
  const headers: Record<string, string> = { "user-agent": "kube-probe/1.35", accept: "*/*" };
  for (const header of (spec.httpHeaders ?? []) as Json[])
    headers[String(header.name).toLowerCase()] = String(header.value);
  return new Promise((resolve) => {
    const requester = scheme === "HTTPS" ? httpsRequest : httpRequest;
    const req = requester(url, { headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(
        code >= 200 && code < 400
          ? { ok: true, message: "" }
          : { ok: false, message: `HTTP probe failed with statuscode: ${code}` },
      );
    });
    req.on("timeout", () =>
      req.destroy(new Error("context deadline exceeded (Client.Timeout exceeded while awaiting headers)")),
    );
    req.on("error", (error) => resolve({ ok: false, message: `Get "${url}": ${error.message}` }));
    req.end();
  });
}

function tcpProbe(spec: Json, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(spec.port, target.container);
  const host = String(spec.host ?? target.podIP);
  return new Promise((resolve) => {
    const socket = connect({ host, port: port ?? 0, timeout: timeoutMs });
    socket.on("connect", () => {
      socket.destroy();
      resolve({ ok: true, message: "" });
    });
    socket.on("timeout", () => socket.destroy(new Error("i/o timeout")));
    socket.on("error", (error) =>
      resolve({ ok: false, message: `dial tcp ${host}:${port}: ${error.message}` }),
    );
  });
}

export async function runProbe(probe: Json, target: ProbeTarget): Promise<ProbeResult> {
  const timeoutMs = Number(probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) return httpProbe(probe.httpGet as Json, target, timeoutMs);
  if (probe.tcpSocket) return tcpProbe(probe.tcpSocket as Json, target, timeoutMs);
  if (probe.grpc) {
    const spec = probe.grpc as Json;
    const { grpcProbe } = await import("./grpc-probe.ts");
    return grpcProbe(target.podIP, Number(spec.port), String(spec.service ?? ""), timeoutMs);
  }
  if (probe.exec) {
    const command = ((probe.exec as Json).command ?? []) as string[];
    const code = await target.exec(command, timeoutMs).catch(() => -1);
    return code === 0
      ? { ok: true, message: "" }
      : { ok: false, message: `command ${JSON.stringify(command.join(" "))} exited with ${code}` };
  }
  return {
    ok: false,
    message: "the rehearsal's kubelet supports httpGet, tcpSocket, grpc and exec probes only",
  };
}

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Defaults of the Probe type (k8s.io/api core/v1): period 10s, thresholds 1 and 3. */
export function probeTiming(probe: Json): ProbeTiming {
  return {
    initialDelayMs: Number(probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: Number(probe.periodSeconds ?? 10) * 1000,
    successThreshold: Number(probe.successThreshold ?? 1),
    failureThreshold: Number(probe.failureThreshold ?? 3),
  };
}
