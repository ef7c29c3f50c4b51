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
  let socket: ExecSocket | undefined;
  // Set when the timeout or the caller's abort ended the exec: a handshake completing after
  // that must still close its socket (else it stays open, and the command may run on).
  let abandoned = false;
  const closed = new Promise<void>((resolve, reject) => {
    const timeoutMs = request.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      abandoned = true;
      request.signal?.removeEventListener("abort", onAbort);
      socket?.close();
      reject(
        new KubeApiError("CC_K8S_REQUEST_FAILED", `exec in ${target}: no exit status after ${timeoutMs}ms`),
      );
    }, timeoutMs);
    const onAbort = () => {
      abandoned = true;
      clearTimeout(timer);
      socket?.close();
      reject(request.signal?.reason);
    };
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener("abort", onAbort, { once: true });
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
          if (abandoned) {
            socket.close();
            return;
          }
          socket.on("close", () => {
            clearTimeout(timer);
            request.signal?.removeEventListener("abort", onAbort);
            resolve();
          });
        },
        (error: unknown) => {
          clearTimeout(timer);
          request.signal?.removeEventListener("abort", onAbort);
          if (abandoned) return;
          toExecError(client, request, error, target).then(reject, reject);
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

/**
 * The WebSocket handshake failed. client-node (through `ws`) reports only "Unexpected server
 * response: 400" and drops the Status the server sent with it (dist/web-socket-handler.js has no
 * 'unexpected-response' handler). For a 4xx the same URL without the upgrade gets the same
 * refusal from the API server's checks (pkg/registry/core/pod/strategy.go streamLocation:
 * unknown container, several containers and none named, pod without a node), with its message.
 */
async function toExecError(
  client: KubeClient,
  request: ExecRequest,
  error: unknown,
  target: string,
): Promise<KubeApiError> {
  const text = handshakeText(error);
  const status = Number(/Unexpected server response: (\d{3})/.exec(text)?.[1]);
  if (status >= 400 && status < 500) {
    const query = new URLSearchParams({ stdout: "true", stderr: "true", stdin: "false", tty: "false" });
    for (const part of request.command) query.append("command", part);
    query.set("container", request.container ?? "");
    const path = `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec?${query}`;
    try {
      await client.objects.rawGet(path);
    } catch (refusal) {
      const failure = toKubeApiError(refusal, "exec in", target);
      if (failure.status === status) return failure;
    }
    return new KubeApiError(
      status === 404 ? "CC_K8S_NOT_FOUND" : "CC_K8S_INVALID",
      `exec in ${target}: ${text}`,
      {
        status,
      },
    );
  }
  return toKubeApiError(error instanceof Error ? error : new Error(text), "exec in", target);
}

// `ws` rejects the handshake with an ErrorEvent ({ error, message }), not an Error.
function handshakeText(error: unknown): string {
  if (error instanceof Error) return error.message;
  const event = error as { message?: unknown; error?: { message?: unknown } } | undefined;
  return String(event?.error?.message ?? event?.message ?? error);
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
