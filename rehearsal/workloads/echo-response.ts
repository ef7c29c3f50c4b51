// echo-basic's answer (kubernetes-sigs/gateway-api v1.5.1 conformance/echo-basic/echo-basic.go
// echoHandler): the request's URI, Host, method, protocol and headers (Go's canonical names, Host
// not among them), the HTTP port, and namespace/ingress/service/pod from the env; JSON indented
// by one space as json.MarshalIndent writes it, with Go's HTML escaping of <, > and &.

import type { IncomingHttpHeaders } from "node:http";

export interface EchoContext {
  namespace: string;
  ingress: string;
  service: string;
  pod: string;
  httpPort: string;
}

/** textproto.CanonicalMIMEHeaderKey: `x-echo-backend` → `X-Echo-Backend`. */
export function canonicalHeader(name: string): string {
  return name
    .toLowerCase()
    .split("-")
    .map((part) => (part === "" ? part : part[0]?.toUpperCase() + part.slice(1)))
    .join("-");
}

export function echoHeaders(raw: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = canonicalHeader(raw[i] ?? "");
    if (name === "Host") continue;
    headers[name] = [...(headers[name] ?? []), raw[i + 1] ?? ""];
  }
  return headers;
}

function sortKeys(value: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function echoBody(
  request: { url: string; host: string; method: string; httpVersion: string; rawHeaders: readonly string[] },
  context: EchoContext,
): string {
  const assertions = {
    path: request.url,
    host: request.host,
    method: request.method,
    proto: `HTTP/${request.httpVersion}`,
    headers: sortKeys(echoHeaders(request.rawHeaders)),
    httpPort: context.httpPort,
    namespace: context.namespace,
    ingress: context.ingress,
    service: context.service,
    pod: context.pod,
  };
  return JSON.stringify(assertions, null, " ").replace(
    /[<>&]/g,
    (c) => `\\u00${c.charCodeAt(0).toString(16)}`,
  );
}

/** X-Echo-Set-Header: "name: value, other: value" → response headers (writeEchoResponseHeaders). */
export function echoSetHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const list = headers["x-echo-set-header"];
  for (const entry of Array.isArray(list) ? list : list ? [list] : []) {
    for (const pair of entry.split(",")) {
      const [name = "", ...value] = pair.trim().split(":");
      const joined = value.join(":");
      out[name] = out[name] === undefined ? joined : `${out[name]},${joined.trim()}`;
    }
  }
  return out;
}
