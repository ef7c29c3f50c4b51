import { echoedHeader } from "./echo-response.ts";
import type { HttpObservation } from "./http-observation.ts";

/** What a good answer looks like. Unset fields are not checked. */
export interface HttpExpectation {
  /** Default 200. */
  status?: number;
  /** The echo backend's `service` (SERVICE_NAME) must equal this. */
  service?: string;
  /**
   * The echo backend's `service` must name one of these; it may list several, comma-separated (a
   * stand-in pod that serves more than one Service on the same port).
   */
  serviceIn?: readonly string[];
  /** The redirect's `location` header must equal this. */
  location?: string;
  /** The echo backend's `pod` must start with this (a Deployment's pods share a prefix). */
  podPrefix?: string;
  namespace?: string;
  /** The path (with query) the backend saw, e.g. after a URL rewrite. */
  path?: string;
  /** The Host header the backend saw. */
  host?: string;
  /** Headers the backend must have received, e.g. one a filter adds: name -> value. */
  headers?: Record<string, string>;
}

export interface ExpectationCheck {
  matches: boolean;
  /** What differed, one short phrase each: `status 503 (want 200)`. */
  mismatches: string[];
}

/** Compares one observation with an expectation. Pure. */
export function checkObservation(observation: HttpObservation, expected: HttpExpectation): ExpectationCheck {
  const mismatches: string[] = [];
  if (observation.status === undefined) {
    return { matches: false, mismatches: [`no response (${observation.errorCode ?? "error"})`] };
  }
  const wantStatus = expected.status ?? 200;
  if (observation.status !== wantStatus) mismatches.push(`status ${observation.status} (want ${wantStatus})`);
  if (expected.location !== undefined && observation.location !== expected.location) {
    mismatches.push(`location ${observation.location ?? "(none)"} (want ${expected.location})`);
  }
  const needsEcho =
    expected.service !== undefined ||
    expected.serviceIn !== undefined ||
    expected.podPrefix !== undefined ||
    expected.namespace !== undefined ||
    expected.path !== undefined ||
    expected.host !== undefined ||
    expected.headers !== undefined;
  if (!needsEcho) return { matches: mismatches.length === 0, mismatches };
  const echo = observation.echo;
  if (!echo) {
    mismatches.push(`no echo answer (${observation.echoProblem ?? "not parsed"})`);
    return { matches: false, mismatches };
  }
  if (expected.service !== undefined && echo.service !== expected.service) {
    mismatches.push(`service "${echo.service}" (want "${expected.service}")`);
  }
  if (expected.serviceIn !== undefined) {
    const named = echo.service.split(",").map((name) => name.trim());
    if (!expected.serviceIn.some((name) => named.includes(name)))
      mismatches.push(`service "${echo.service}" (want one of ${expected.serviceIn.join(", ")})`);
  }
  if (expected.podPrefix !== undefined && !echo.pod.startsWith(expected.podPrefix)) {
    mismatches.push(`pod "${echo.pod}" (want prefix "${expected.podPrefix}")`);
  }
  if (expected.namespace !== undefined && echo.namespace !== expected.namespace) {
    mismatches.push(`namespace "${echo.namespace}" (want "${expected.namespace}")`);
  }
  if (expected.path !== undefined && echo.path !== expected.path) {
    mismatches.push(`path "${echo.path}" (want "${expected.path}")`);
  }
  if (expected.host !== undefined && echo.host !== expected.host) {
    mismatches.push(`host "${echo.host}" (want "${expected.host}")`);
  }
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    const seen = echoedHeader(echo, name);
    if (!seen) mismatches.push(`header ${name} not received (want "${value}")`);
    else if (!seen.includes(value)) mismatches.push(`header ${name} "${seen.join(", ")}" (want "${value}")`);
  }
  return { matches: mismatches.length === 0, mismatches };
}
