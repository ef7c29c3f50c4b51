/**
 * The JSON the Gateway API project's `echo-basic` backend answers with: what the request looked
 * like when it arrived (path with query, host, method, proto, headers) and which backend served
 * it (pod, namespace, service, ingress — from the Downward API env vars; empty when unset).
 */
export interface EchoResponse {
  path: string;
  host: string;
  method: string;
  proto: string;
  /** Header names as the backend saw them (Go canonical case); values in arrival order. */
  headers: Record<string, string[]>;
  namespace: string;
  ingress: string;
  service: string;
  pod: string;
  /** Present from echo-basic v1.5. */
  httpPort?: string;
}

export type EchoParse = { ok: true; echo: EchoResponse } | { ok: false; reason: string };

/** Parses a response body as echo-basic JSON; anything else is a reason, never a throw. */
export function parseEchoResponse(body: string): EchoParse {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body is not JSON (${error instanceof Error ? error.message : error})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "body is JSON but not an object" };
  }
  const record = value as Record<string, unknown>;
  // `path` and `headers` are what every echo-basic answer has; without them it is some other JSON.
  if (typeof record.path !== "string" || !isHeaderMap(record.headers)) {
    return { ok: false, reason: "JSON has no `path` and `headers`: not an echo-basic answer" };
  }
  const echo: EchoResponse = {
    path: record.path,
    host: text(record.host),
    method: text(record.method),
    proto: text(record.proto),
    headers: normaliseHeaders(record.headers),
    namespace: text(record.namespace),
    ingress: text(record.ingress),
    service: text(record.service),
    pod: text(record.pod),
  };
  if (record.httpPort !== undefined) echo.httpPort = String(record.httpPort);
  return { ok: true, echo };
}

/** Header lookup ignoring case, as HTTP means it. */
export function echoedHeader(echo: EchoResponse, name: string): string[] | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(echo.headers)) {
    if (key.toLowerCase() === wanted) return values;
  }
  return undefined;
}

/** `namespace/pod` when known, the best short name of the backend that served. */
export function backendName(echo: EchoResponse): string {
  const pod = echo.pod || "(pod unknown)";
  return echo.namespace ? `${echo.namespace}/${pod}` : pod;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function isHeaderMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function normaliseHeaders(raw: Record<string, unknown>): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    headers[key] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return headers;
}
