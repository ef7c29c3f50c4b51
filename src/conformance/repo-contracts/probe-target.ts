// One derived probe as the HTTP probe sends and judges it: the request against the Gateway's
// address and listener port (with the listener's hostname in Host, as a LAN browser would send it),
// and what the answer must show — the echo stand-in of the right Service, the host and path the
// backend saw after rewrites, the headers a filter adds; or a redirect's status and Location; or
// Envoy's status. A weighted rule also gets the split to sample.

import type { HttpExpectation } from "../../probes/http-expectation.ts";
import type { HttpTarget } from "../../probes/http-observation.ts";
import type { ExpectedResponse } from "./expected-response.ts";
import { withQuery } from "./expected-response.ts";
import type { ContractProbe } from "./request-derivation.ts";

export type ProbeCheck =
  | {
      kind: "check";
      target: HttpTarget;
      expectation: HttpExpectation;
      /** Service name → weight, when more than one Service of the rule has a weight. */
      split: Record<string, number> | undefined;
      /** What the answer cannot show here (response headers), said in the report. */
      unobserved: string[];
    }
  | { kind: "not-asserted"; reason: string };

function headerValues(changes: { set: Record<string, string>; add: Record<string, string> }) {
  return { ...changes.add, ...changes.set };
}

function expectationOf(expected: Exclude<ExpectedResponse, { kind: "not-asserted" }>): {
  expectation: HttpExpectation;
  split: Record<string, number> | undefined;
  unobserved: string[];
} {
  if (expected.kind === "status")
    return { expectation: { status: expected.status }, split: undefined, unobserved: [] };
  if (expected.kind === "redirect") {
    return {
      expectation: { status: expected.status, location: expected.location },
      split: undefined,
      unobserved: [],
    };
  }
  const namespaces = [...new Set(expected.backends.map((backend) => backend.namespace))];
  const services = [...new Set(expected.backends.map((backend) => backend.service))];
  const expectation: HttpExpectation = {
    serviceIn: services,
    host: expected.seen.host,
    path: expected.seen.path,
    ...(namespaces.length === 1 ? { namespace: namespaces[0] } : {}),
  };
  const headers = expected.seen.headers ? headerValues(expected.seen.headers) : {};
  if (Object.keys(headers).length > 0) expectation.headers = headers;
  const unobserved: string[] = [];
  if (expected.seen.headers && expected.seen.headers.remove.length > 0)
    unobserved.push(
      `removed request headers ${expected.seen.headers.remove.join(", ")} (the probe does not send them)`,
    );
  if (expected.responseHeaders) unobserved.push("response headers set by ResponseHeaderModifier");
  const weights: Record<string, number> = {};
  for (const backend of expected.backends)
    weights[backend.service] = (weights[backend.service] ?? 0) + backend.weight;
  return { expectation, split: services.length > 1 ? weights : undefined, unobserved };
}

export function probeCheck(probe: ContractProbe, gateway: { address: string; port: number }): ProbeCheck {
  if (probe.expect.kind === "not-asserted") return { kind: "not-asserted", reason: probe.expect.reason };
  const { request } = probe;
  const target: HttpTarget = {
    url: `http://${gateway.address}:${gateway.port}/`,
    host: request.host,
    path: withQuery(request.path, request.query),
    method: request.method,
    headers: { ...request.headers },
  };
  return { kind: "check", target, ...expectationOf(probe.expect) };
}

/**
 * Split counts keyed by the echo's `service` (a stand-in serving several Services lists them,
 * comma-separated) folded onto the weighted Services: a key naming exactly one of them counts for
 * it; any other key is kept as it is, so the split check reports it as unexpected.
 */
export function countsByWeightedService(
  counts: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>>,
): Record<string, number> {
  const folded: Record<string, number> = {};
  for (const [key, count] of Object.entries(counts)) {
    const named = key.split(",").filter((name) => name in weights);
    const target = named.length === 1 ? (named[0] as string) : key;
    folded[target] = (folded[target] ?? 0) + count;
  }
  return folded;
}
