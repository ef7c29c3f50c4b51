// Runs a command in a pod's container (client-node Exec, WebSocket channel protocol) and
// collects stdout, stderr and the exit code.

import { Writable } from "node:stream";
import { Exec } from "@kubernetes/client-node";
import { type ExecStatusMessage, execOutcome } from "./exec-status.ts";
import { KubeApiError, toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";

export interface ExecRequest {
  namespace: string;
  pod: string;
  /** The pod's only (or default) container when omitted. */
  container?: string;
  /** argv, no shell: `["cilium-dbg", "status", "-o", "json"]`. */
  command: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The minimal view of the `ws` WebSocket client-node returns (its types are not installed). */
interface ExecSocket {
  on(event: "close", listener: () => void): void;
  close(): void;
}

export async function execInPod(client: KubeClient, request: ExecRequest): Promise<ExecResult> {
  const target = `Pod ${request.namespace}/${request.pod}${request.container ? `/${request.container}` : ""}`;
  if (request.command.length === 0) {
    throw new KubeApiError("CC_K8S_INVALID", `exec in ${target}: empty command`);
  }
  const stdout = collector();
  const stderr = collector();
  let status: ExecStatusMessage | undefined;
  let socket: ExecSocket;
  const closed = new Promise<void>((resolve, reject) => {
    const timeoutMs = request.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      socket?.close();
      reject(
        new KubeApiError("CC_K8S_REQUEST_FAILED", `exec in ${target}: no exit status after ${timeoutMs}ms`),
      );
    }, timeoutMs);
    const onAbort = () => {
      clearTimeout(timer);
      socket?.close();
      reject(request.signal?.reason);
    };
    request.signal?.addEventListener("abort", onAbort, { once: true });
    new Exec(client.kubeConfig)
      .exec(
        request.namespace,
        request.pod,
        request.container ?? "",
        [...request.command],
        stdout.stream,
        stderr.stream,
        null,
        false,
        (received) => {
          status = received as ExecStatusMessage;
        },
      )
      .then(
        (opened) => {
          socket = opened as unknown as ExecSocket;
          socket.on("close", () => {
            clearTimeout(timer);
            request.signal?.removeEventListener("abort", onAbort);
            resolve();
          });
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(toExecError(error, target));
        },
      );
  });
  await closed;
  if (!status) {
    throw new KubeApiError(
      "CC_K8S_REQUEST_FAILED",
      `exec in ${target}: stream closed without an exit status`,
    );
  }
  const outcome = execOutcome(status);
  if ("error" in outcome) {
    throw new KubeApiError(
      "CC_K8S_REQUEST_FAILED",
      `exec \`${request.command.join(" ")}\` in ${target}: ${outcome.error}`,
    );
  }
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode: outcome.exitCode };
}

// The WebSocket handshake fails with an `Unexpected server response: 404` kind of error.
function toExecError(error: unknown, target: string): KubeApiError {
  const text =
    error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error);
  const status = /Unexpected server response: (\d{3})/.exec(text)?.[1];
  if (status === "404")
    return new KubeApiError("CC_K8S_NOT_FOUND", `exec in ${target}: pod not found`, { status: 404 });
  return toKubeApiError(error, "exec in", target);
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    }),
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}
