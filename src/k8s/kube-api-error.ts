// Failures talking to the API server, with the server's own Status reason and message, as
// typed errors with stable codes. Exit 3: a cluster that refuses or cannot be reached is an
// environment problem; a suite turns a specific one into a conformance failure itself.

import { ConformanceError, type ErrorOptions, ExitCode } from "../errors.ts";

export type KubeApiErrorCode =
  | "CC_K8S_NOT_FOUND"
  | "CC_K8S_CONFLICT"
  | "CC_K8S_INVALID"
  | "CC_K8S_FORBIDDEN"
  | "CC_K8S_KIND_UNKNOWN"
  | "CC_K8S_UNREACHABLE"
  | "CC_K8S_REQUEST_FAILED";

export class KubeApiError extends ConformanceError {
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** metav1.Status reason, e.g. `NotFound`, `Conflict`, `AlreadyExists`, `Expired`. */
  readonly reason: string | undefined;

  constructor(
    code: KubeApiErrorCode,
    message: string,
    details: { status?: number; reason?: string } & ErrorOptions = {},
  ) {
    super(code, ExitCode.environment, message, details);
    this.status = details.status;
    this.reason = details.reason;
  }
}

interface StatusLike {
  message?: string;
  reason?: string;
  code?: number;
}

/**
 * Turns whatever client-node threw into a KubeApiError. `action` and `target` make the message:
 * `apply Service demo/echo: HTTP 409 Conflict: the object has been modified`.
 */
export function toKubeApiError(error: unknown, action: string, target: string): KubeApiError {
  if (error instanceof KubeApiError) return error;
  if (isDiscoveryFailure(error)) {
    return new KubeApiError(
      "CC_K8S_KIND_UNKNOWN",
      `${action} ${target}: the API server does not serve this kind`,
      {
        cause: error,
        hint: "install the CRD that defines it first (and wait until it is Established)",
      },
    );
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const body = statusBodyOf(error);
    const reason = body?.reason;
    const rawBody = (error as { body?: unknown }).body;
    const text = body?.message ?? (typeof rawBody === "string" ? rawBody.slice(0, 300) : "");
    const message = `${action} ${target}: HTTP ${status}${reason ? ` ${reason}` : ""}${text ? `: ${text}` : ""}`;
    return new KubeApiError(codeForStatus(status), message, {
      status,
      ...(reason ? { reason } : {}),
      cause: error,
      ...hintFor(status),
    });
  }
  const text = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const network = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  if (typeof network === "string" && /^E[A-Z]+/.test(network)) {
    return new KubeApiError(
      "CC_K8S_UNREACHABLE",
      `${action} ${target}: API server unreachable (${network})`,
      {
        cause: error,
        hint: "is the kind cluster running? `kind get clusters`, then check the kubeconfig of the run",
      },
    );
  }
  return new KubeApiError("CC_K8S_REQUEST_FAILED", `${action} ${target}: ${text}`, { cause: error });
}

/** The object does not exist (its kind is served: a missing CRD is not "not found"). */
export function isNotFound(error: unknown): boolean {
  if (isDiscoveryFailure(error)) return false;
  return httpStatusOf(error) === 404 || (error instanceof KubeApiError && error.code === "CC_K8S_NOT_FOUND");
}

// KubernetesObjectApi's discovery: the group/version is not served, or it lacks the kind.
function isDiscoveryFailure(error: unknown): boolean {
  const text = error instanceof Error ? error.message : "";
  return /Unrecognized API version and kind|Failed to fetch resource metadata/.test(text);
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof KubeApiError) return error.status;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" && code >= 100 && code < 600 ? code : undefined;
}

function statusBodyOf(error: unknown): StatusLike | undefined {
  const body = (error as { body?: unknown }).body;
  if (typeof body === "object" && body !== null) return body as StatusLike;
  if (typeof body === "string") {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === "object" && parsed !== null ? (parsed as StatusLike) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function codeForStatus(status: number): KubeApiErrorCode {
  if (status === 404) return "CC_K8S_NOT_FOUND";
  if (status === 409) return "CC_K8S_CONFLICT";
  if (status === 400 || status === 415 || status === 422) return "CC_K8S_INVALID";
  if (status === 401 || status === 403) return "CC_K8S_FORBIDDEN";
  return "CC_K8S_REQUEST_FAILED";
}

function hintFor(status: number): { hint?: string } {
  if (status === 409)
    return { hint: "another writer changed the object; re-read it and retry, or apply with force" };
  if (status === 401 || status === 403)
    return { hint: "the kubeconfig's user lacks permission; use the run's own kubeconfig" };
  return {};
}
