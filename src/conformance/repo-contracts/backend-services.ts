// The Services the repo-contracts suite puts in the cluster: every Service a route of the repo sends
// requests to, and every LoadBalancer Service of the repo. A Service the repo holds is applied as
// written; one it does not hold (a Helm chart makes it in the homelab, e.g. grafana) is made from
// the backendRefs — a deviation the plan and the report name — so the route has a backend to reach.

import { record } from "../../checks/gateway-api-objects.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { describeRule, type HttpRouteModel } from "./http-route-rules.ts";

/** The label a made-up Service selects its stand-in pods by (the repo's own Services keep theirs). */
export const STAND_IN_LABEL = "io.cilium-conformance/stand-in";

export interface BackendService {
  namespace: string;
  name: string;
  /** The repo's Service, or undefined when the repo has none (then `body` is made up). */
  manifest: Manifest | undefined;
  /** What the suite applies. */
  body: Record<string, unknown>;
  /** Who needs it: `backend of HTTPRoute … rule 0 (file:line)`, `LoadBalancer Service (file:line)`. */
  neededBy: string[];
  /** Why the applied Service differs from the repo, when it does. */
  deviation: string | undefined;
}

function namespaceOfService(manifest: Manifest): string {
  return manifest.namespace ?? "default";
}

function isLoadBalancer(manifest: Manifest): boolean {
  return record(manifest.body.spec).type === "LoadBalancer";
}

/** A namespaced object without one goes where kubectl and Flux put it by default. */
export function withNamespace(body: Record<string, unknown>, namespace: string): Record<string, unknown> {
  const metadata = record(body.metadata);
  return metadata.namespace === namespace ? body : { ...body, metadata: { ...metadata, namespace } };
}

function madeUpService(namespace: string, name: string, ports: readonly number[]): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec: {
      selector: { [STAND_IN_LABEL]: name },
      // Named targetPorts: the stand-in picks unprivileged container ports for them.
      ports: ports.map((port) => ({
        name: `port-${port}`,
        port,
        targetPort: `port-${port}`,
        protocol: "TCP",
      })),
    },
  };
}

/**
 * The Services the suite applies, in a stable order (namespace, name). `services` is every Service
 * of the repo (any type); `loadBalancers` the LoadBalancer ones the suite proves on their own.
 */
export function backendServices(
  routes: readonly HttpRouteModel[],
  services: readonly Manifest[],
): BackendService[] {
  const byKey = new Map<string, BackendService & { ports: Set<number> }>();
  const entry = (namespace: string, name: string) => {
    const key = `${namespace}/${name}`;
    let found = byKey.get(key);
    if (!found) {
      const manifest = services.find(
        (service) => service.name === name && namespaceOfService(service) === namespace,
      );
      found = {
        namespace,
        name,
        manifest,
        body: manifest ? withNamespace(manifest.body, namespace) : {},
        neededBy: [],
        deviation: undefined,
        ports: new Set(),
      };
      byKey.set(key, found);
    }
    return found;
  };
  for (const route of routes) {
    for (const rule of route.rules) {
      for (const ref of rule.backendRefs) {
        if (ref.group !== "" || ref.kind !== "Service") continue;
        const found = entry(ref.namespace, ref.name);
        const by = `backend of ${describeRule(route, rule)}`;
        if (!found.neededBy.includes(by)) found.neededBy.push(by);
        if (ref.port !== undefined) found.ports.add(ref.port);
      }
    }
  }
  for (const service of services.filter(isLoadBalancer)) {
    const found = entry(namespaceOfService(service), service.name);
    found.neededBy.push(`LoadBalancer Service (${service.location.file}:${service.location.line})`);
  }
  return [...byKey.values()]
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
    .map(({ ports, ...service }) => {
      if (service.manifest) return service;
      return {
        ...service,
        body: madeUpService(
          service.namespace,
          service.name,
          [...ports].sort((a, b) => a - b),
        ),
        deviation: `the repo has no Service ${service.namespace}/${service.name} (a chart or another tool makes it): the suite makes one with the backendRefs' port${ports.size === 1 ? "" : "s"} ${[...ports].sort((a, b) => a - b).join(", ") || "(none given)"}, selecting its stand-in`,
      };
    });
}
