import { oneLine } from "../text/one-line.ts";
import { backendName, type EchoResponse } from "./echo-response.ts";

/** Where a probe request goes: the address a LAN user would hit, with the name they would use. */
export interface HttpTarget {
  /** `http://192.168.5.30:80` — the origin (and default path) the connection is made to. */
  url: string;
  /** Host header (the Gateway listener's hostname); the URL's host when absent. */
  host?: string;
  /** Path with query; the URL's path when absent. */
  path?: string;
  method?: string;
  headers?: Record<string, string>;
}

/** One request's outcome: a response (any status) or a transport error, never a throw. */
export interface HttpObservation {
  /** Wall-clock time the request was sent (ms since the epoch). */
  sentAtMs: number;
  latencyMs: number;
  /** HTTP status; absent when no response came (see errorCode). */
  status?: number;
  /** `location` of a redirect: redirects are reported, not followed (Gateway API checks them). */
  location?: string;
  /** The first 300 characters of the body, for messages. */
  bodySnippet: string;
  /** Parsed echo-basic answer, when the body was one. */
  echo?: EchoResponse;
  /** Why the body is not an echo answer (only set when a body was expected to be one). */
  echoProblem?: string;
  /** Stable code of a transport failure: ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, TIMEOUT, ... */
  errorCode?: string;
  errorMessage?: string;
}

export const bodySnippetLength = 300;

/** One line for humans and timeout messages: `200 from default/echo-v1-6d9f (service echo-v1) in 4ms`. */
export function describeObservation(observation: HttpObservation): string {
  const took = `in ${Math.round(observation.latencyMs)}ms`;
  if (observation.status === undefined) {
    return `no response: ${observation.errorCode ?? "error"}${observation.errorMessage ? ` (${observation.errorMessage})` : ""} ${took}`;
  }
  const parts = [`${observation.status}`];
  if (observation.echo) {
    parts.push(`from ${backendName(observation.echo)}`);
    if (observation.echo.service) parts.push(`(service ${observation.echo.service})`);
  } else if (observation.location) {
    parts.push(`-> ${observation.location}`);
  } else {
    const snippet = oneLine(observation.bodySnippet, 80);
    parts.push(snippet ? `body "${snippet}"` : "empty body");
  }
  parts.push(took);
  return parts.join(" ");
}
