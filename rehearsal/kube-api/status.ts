// metav1.Status bodies, as the API server sends them with 4xx/5xx answers and in watch ERROR events.

export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export interface StatusDetails {
  name?: string;
  /** Omitted when empty (the core group), as metav1.StatusDetails does (omitempty). */
  group?: string;
  /** The resource plural, e.g. `services`. */
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: StatusBody["details"],
): StatusBody {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    // StatusReasonUnknown is "" and omitted (json omitempty), as for a plain error answered 500.
    ...(reason ? { reason } : {}),
    ...(details ? { details: withoutEmptyGroup(details) } : {}),
    code,
  };
}

function withoutEmptyGroup(details: StatusDetails): StatusDetails {
  const { group, ...rest } = details;
  return group ? { ...rest, group } : rest;
}

/** `services "echo" not found`, `gateways.gateway.networking.k8s.io "gw" not found`. */
export function qualifiedResource(plural: string, group: string): string {
  return group === "" ? plural : `${plural}.${group}`;
}

/** A failure the server answers with a Status (thrown by request handlers, sent by the router). */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = "StatusError";
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  get body(): StatusBody {
    return statusBody(this.code, this.reason, this.message, this.details);
  }
}
