// metav1.Status bodies, as the API server sends them with 4xx/5xx answers and in watch ERROR events.

export interface StatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
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
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** `services "echo" not found`, `gateways.gateway.networking.k8s.io "gw" not found`. */
export function qualifiedResource(plural: string, group: string): string {
  return group === "" ? plural : `${plural}.${group}`;
}
