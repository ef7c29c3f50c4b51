// `exec` into a pod's container through the API server, as client-go's WebSocket executor does:
// GET …/pods/<pod>/exec?command=…&container=…&stdout=true&stderr=true upgraded to a WebSocket with
// the `v4.channel.k8s.io` protocol (channel 1 stdout, 2 stderr, 3 the final Status: Success or
// NonZeroExitCode with causes[{reason: ExitCode, message: "N"}]). A small RFC 6455 client: the
// only frames the protocol needs (binary, close, ping/pong), masked as clients must.

import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import type { ClientConfig } from "./kube-config.ts";

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code; -1 when the API server reported another failure (see `failure`). */
  exitCode: number;
  failure?: string;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function podExec(connection: ClientConfig, request: ExecRequest): Promise<ExecResult> {
  const url = new URL(
    `${connection.server}/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec`,
  );
  for (const part of request.command) url.searchParams.append("command", part);
  if (request.container) url.searchParams.set("container", request.container);
  url.searchParams.set("stdout", "true");
  url.searchParams.set("stderr", "true");
  const key = randomBytes(16).toString("base64");
  const headers: Record<string, string> = {
    Connection: "Upgrade",
    Upgrade: "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": key,
    "Sec-WebSocket-Protocol": "v4.channel.k8s.io",
  };
  const token = connection.token?.();
  if (token) headers.Authorization = `Bearer ${token}`;
  const secure = url.protocol === "https:";
  const options = {
    method: "GET",
    headers,
    ...(secure
      ? {
          ...(connection.ca ? { ca: connection.ca } : {}),
          ...(connection.clientCert ?? {}),
          rejectUnauthorized: !connection.insecureSkipTlsVerify,
        }
      : {}),
  };
  return new Promise<ExecResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let status:
      | {
          status?: string;
          message?: string;
          reason?: string;
          details?: { causes?: { reason?: string; message?: string }[] };
        }
      | undefined;
    let settled = false;
    const finish = (socket?: Duplex) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      const out = Buffer.concat(stdout).toString("utf8");
      const err = Buffer.concat(stderr).toString("utf8");
      if (!status || status.status === "Success") return resolve({ stdout: out, stderr: err, exitCode: 0 });
      const code = status.details?.causes?.find((cause) => cause.reason === "ExitCode")?.message;
      if (status.reason === "NonZeroExitCode" && code !== undefined)
        return resolve({ stdout: out, stderr: err, exitCode: Number(code) });
      resolve({ stdout: out, stderr: err, exitCode: -1, failure: status.message ?? "exec failed" });
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(
        new Error(
          `exec ${request.command.join(" ")} in ${request.namespace}/${request.pod}: no result in ${request.timeoutMs} ms`,
        ),
      );
    }, request.timeoutMs ?? 60_000);
    const req = (secure ? https : http).request(url, options);
    request.signal?.addEventListener("abort", () => req.destroy(new Error("aborted")), { once: true });
    req.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        let message = body;
        try {
          message = (JSON.parse(body) as { message?: string }).message ?? body;
        } catch {
          // not a Status
        }
        reject(
          new Error(
            `exec ${request.command.join(" ")} in ${request.namespace}/${request.pod}: HTTP ${response.statusCode}: ${message}`,
          ),
        );
      });
    });
    req.on("upgrade", (_response, socket, head) => {
      let pending = head;
      const onData = (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const frame = readFrame(pending);
          if (!frame) return;
          pending = pending.subarray(frame.consumed);
          if (frame.opcode === 0x8) return finish(socket);
          if (frame.opcode === 0x9) socket.write(encodeFrame(0xa, frame.payload));
          if (frame.opcode !== 0x2 && frame.opcode !== 0x1) continue;
          const channel = frame.payload[0];
          const data = frame.payload.subarray(1);
          if (channel === 1) stdout.push(data);
          else if (channel === 2) stderr.push(data);
          else if (channel === 3 && data.length > 0) status = JSON.parse(data.toString("utf8"));
        }
      };
      socket.on("data", onData);
      socket.on("end", () => finish(socket));
      socket.on("close", () => finish(socket));
      socket.on("error", () => finish(socket));
      onData(Buffer.alloc(0));
    });
    req.on("error", (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; consumed: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = (buffer[0] ?? 0) & 0x0f;
  const masked = ((buffer[1] ?? 0) & 0x80) !== 0;
  let length = (buffer[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked)
    for (let i = 0; i < payload.length; i++)
      payload[i] = (payload[i] ?? 0) ^ (buffer[maskOffset + (i % 4)] ?? 0);
  return { opcode, payload, consumed: offset + length };
}

function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i] = (masked[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([header, mask, masked]);
}
