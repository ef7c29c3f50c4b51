// Is an HTTPRoute attached and resolved? Each controller writes its own `status.parents[]` entry
// (controllerName `io.cilium/gateway-controller` for Cilium) with Accepted and ResolvedRefs.
// Reasons seen from Cilium: Accepted=False NoMatchingParent; ResolvedRefs=False BackendNotFound
// or RefNotPermitted.

import { describeCondition, findCondition, isStale, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export const CILIUM_GATEWAY_CONTROLLER = "io.cilium/gateway-controller";

export interface WireParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

export interface WireHttpRoute extends WireObject {
  spec?: { parentRefs?: WireParentRef[] };
  status?: {
    parents?: { parentRef: WireParentRef; controllerName: string; conditions?: WireCondition[] }[];
  };
}

export interface HttpRouteOptions {
  controllerName?: string;
}

/**
 * Every parentRef of the spec has a status entry from the controller with Accepted=True and
 * ResolvedRefs=True, neither stale for the route's generation.
 */
export function httpRouteAccepted(
  route: WireHttpRoute | undefined,
  options: HttpRouteOptions = {},
): Verdict<{ parents: number }> {
  if (!route) return fail("HTTPRoute not found");
  const controller = options.controllerName ?? CILIUM_GATEWAY_CONTROLLER;
  const wanted = route.spec?.parentRefs ?? [];
  if (wanted.length === 0) return fail("HTTPRoute has no parentRefs");
  const ours = (route.status?.parents ?? []).filter((parent) => parent.controllerName === controller);
  const routeNamespace = route.metadata?.namespace;
  const problems: string[] = [];
  for (const ref of wanted) {
    const label = describeParent(ref);
    const entry = ours.find((parent) => sameParent(parent.parentRef, ref, routeNamespace));
    if (!entry) {
      problems.push(`parent ${label}: no status from ${controller}`);
      continue;
    }
    for (const type of ["Accepted", "ResolvedRefs"]) {
      const condition = findCondition(entry.conditions, type);
      if (isStale(condition, route.metadata?.generation)) {
        problems.push(`parent ${label}: ${type} is for generation ${condition?.observedGeneration}`);
      } else if (condition?.status !== "True") {
        problems.push(`parent ${label}: ${describeCondition(condition, type)}`);
      }
    }
  }
  if (problems.length > 0) return fail(problems.join("; "), { parents: wanted.length });
  return pass(`Accepted and ResolvedRefs on ${wanted.length} parent(s)`, { parents: wanted.length });
}

function describeParent(ref: WireParentRef): string {
  const kind = ref.kind && ref.kind !== "Gateway" ? `${ref.kind}/` : "";
  const section = ref.sectionName ? `#${ref.sectionName}` : "";
  return `${kind}${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}${section}`;
}

// Defaults per the Gateway API: group gateway.networking.k8s.io, kind Gateway, namespace = the route's.
function sameParent(a: WireParentRef, b: WireParentRef, routeNamespace: string | undefined): boolean {
  const group = (ref: WireParentRef) => ref.group ?? "gateway.networking.k8s.io";
  return (
    a.name === b.name &&
    group(a) === group(b) &&
    (a.kind ?? "Gateway") === (b.kind ?? "Gateway") &&
    (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace) &&
    a.sectionName === b.sectionName &&
    a.port === b.port
  );
}
