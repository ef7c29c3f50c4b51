// Failures talking to the API server, with the server's own Status reason and message, as
// typed errors with stable codes. Exit 3: a cluster that refuses or cannot be reached is an
// environment problem; a suite turns a specific one into a conformance failure itself.

import { ConformanceError, type ErrorOptions, ExitCode } from "../errors.ts";

export type KubeApiErrorCode =
  | "CC_K8S_NOT_FOUND"
  | "CC_K8S_CONFLICT"
  | "CC_K8S_INVALID"
  | "CC_K8S_FORBIDDEN"
  | "CC_K8S_UNAUTHORIZED"
  | "CC_K8S_NAMESPACE_TERMINATING"
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
  details?: { causes?: { reason?: string; message?: string; field?: string }[] };
}

/**
 * Turns whatever client-node threw into a KubeApiError. `action` and `target` make the message:
 * `apply Service demo/echo: HTTP 409 Conflict: the object has been modified`.
 *
 * client-node's discovery (KubernetesObjectApi.resource, dist/object.js) rewrites the message of
 * every error it meets to "Failed to fetch resource metadata for <apiVersion>/<kind>: …" — a 401
 * from an expired certificate, a 403, a 503 or a refused connection alike — while keeping the
 * error's HTTP status and cause. So the status and the network code decide first; only a
 * discovery 404 (the group/version is not served) or "Unrecognized API version and kind" (served,
 * but without that kind) mean the kind is unknown.
 */
export function toKubeApiError(error: unknown, action: string, target: string): KubeApiError {
  if (error instanceof KubeApiError) return error;
  const discovery = discoveryOf(error);
  const status = httpStatusOf(error);
  if (discovery.unrecognized || (discovery.apiVersion !== undefined && status === 404)) {
    return new KubeApiError(
      "CC_K8S_KIND_UNKNOWN",
      `${action} ${target}: the API server does not serve this kind${discovery.apiVersion ? ` (${discovery.apiVersion})` : ""}`,
      {
        ...(status !== undefined ? { status } : {}),
        cause: error,
        hint: "install the CRD that defines it first (and wait until it is Established)",
      },
    );
  }
  const during = discovery.apiVersion ? ` (discovering ${discovery.apiVersion})` : "";
  if (status !== undefined) {
    const body = statusBodyOf(error);
    const reason = body?.reason;
    const rawBody = (error as { body?: unknown }).body;
    const text = body?.message ?? (typeof rawBody === "string" ? rawBody.slice(0, 300) : "");
    const message = `${action} ${target}${during}: HTTP ${status}${reason ? ` ${reason}` : ""}${text ? `: ${text}` : ""}`;
    const terminating = status === 403 && hasCause(body, "NamespaceTerminating");
    return new KubeApiError(terminating ? "CC_K8S_NAMESPACE_TERMINATING" : codeForStatus(status), message, {
      status,
      ...(reason ? { reason } : {}),
      cause: error,
      ...(terminating
        ? {
            hint: "the namespace is being deleted: wait until it is gone (namespaceGone), then create it again",
          }
        : hintFor(status)),
    });
  }
  const text = error instanceof Error ? error.message : String(error);
  const network = networkCodeOf(error);
  if (network !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(network)) {
    return new KubeApiError(
      "CC_K8S_UNREACHABLE",
      `${action} ${target}${during}: the API server's certificate is not the one the kubeconfig trusts (${network})`,
      {
        cause: error,
        hint: "the cluster was re-created since the kubeconfig was written: use the kubeconfig of the current run",
      },
    );
  }
  if (network !== undefined) {
    return new KubeApiError(
      "CC_K8S_UNREACHABLE",
      `${action} ${target}${during}: API server unreachable (${network})`,
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
  if (error instanceof KubeApiError) return error.code === "CC_K8S_NOT_FOUND";
  const discovery = discoveryOf(error);
  if (discovery.unrecognized || discovery.apiVersion !== undefined) return false;
  return httpStatusOf(error) === 404;
}

/**
 * A failure retrying cannot mend (KUBE-API-FACTS.md, Errors): a malformed request (400), bad
 * credentials (401), a refusal (403, a terminating namespace included). 5xx, 429, conflicts and
 * network errors may recover; so may an unknown kind (its CRD may be on its way).
 */
export function isUnrecoverable(error: unknown): boolean {
  const status = error instanceof KubeApiError ? error.status : httpStatusOf(error);
  if (error instanceof KubeApiError && error.code === "CC_K8S_KIND_UNKNOWN") return false;
  return status === 400 || status === 401 || status === 403;
}

// KubernetesObjectApi's discovery: which apiVersion it was fetching, or that it found the
// group/version without the kind.
function discoveryOf(error: unknown): { apiVersion?: string; unrecognized: boolean } {
  const text = error instanceof Error ? error.message : "";
  if (/Unrecognized API version and kind/.test(text)) return { unrecognized: true };
  const fetching = /Failed to fetch resource metadata for (\S+)\/[^/:]+:/.exec(text);
  return fetching?.[1] ? { apiVersion: fetching[1], unrecognized: false } : { unrecognized: false };
}

function networkCodeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

function hasCause(body: StatusLike | undefined, reason: string): boolean {
  return (body?.details?.causes ?? []).some((cause) => cause.reason === reason);
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
  if (status === 401) return "CC_K8S_UNAUTHORIZED";
  if (status === 403) return "CC_K8S_FORBIDDEN";
  return "CC_K8S_REQUEST_FAILED";
}

function hintFor(status: number): { hint?: string } {
  if (status === 409)
    return { hint: "another writer changed the object; re-read it and retry, or apply with force" };
  if (status === 401)
    return {
      hint: "the API server refused the kubeconfig's credentials (an expired client certificate, or a cluster re-created since): use the kubeconfig of the current run",
    };
  if (status === 403) return { hint: "the kubeconfig's user lacks permission; use the run's own kubeconfig" };
  return {};
}
