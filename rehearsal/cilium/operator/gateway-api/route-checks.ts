// The status Cilium's Gateway reconciler gives a route for each of its parents
// (operator/pkg/gateway-api/gateway_reconcile.go runCommonRouteChecks with routechecks/*.go,
// v1.18): for every parentRef that is a Gateway of Cilium's class, Accepted and ResolvedRefs
// start True and the checks overwrite them — route kind allowed, a listener on the port, a
// matching hostname, the sectionName, namespaces allowed (NotAllowedByListeners), then the
// backends: cross-namespace without a ReferenceGrant (RefNotPermitted), kind/port (InvalidKind),
// Service existence (BackendNotFound). Conditions merge as Cilium's `merge` does.

import type { Condition } from "../../../k8s/conditions.ts";
import { metaTime } from "../../../k8s/conditions.ts";
import type { Obj } from "../../../k8s/kube-objects.ts";
import { selectorMatches } from "../../../k8s/label-selector.ts";
import { computeHosts } from "./compute-hosts.ts";
import {
  type BackendRef,
  backendAllowed,
  CONTROLLER_NAME,
  type GatewayObj,
  isGatewayRef,
  isServiceRef,
  type ParentReference,
  type ReferenceGrantObj,
  type RouteObj,
  type RouteParentStatus,
} from "./gateway-types.ts";

export type RouteKind = "HTTPRoute" | "GRPCRoute";

export interface RouteWorld {
  gateway(namespace: string, name: string): GatewayObj | undefined;
  /** spec.controllerName of a GatewayClass, or undefined when the class does not exist. */
  classController(name: string): string | undefined;
  namespaces(): Obj[];
  serviceExists(namespace: string, name: string): boolean;
  grants: readonly ReferenceGrantObj[];
  now(): Date;
}

/** status.merge: update a condition of the same type only when something other than the time changed. */
export function mergeConditions(existing: Condition[], ...updates: Condition[]): Condition[] {
  const out = existing.map((condition) => ({ ...condition }));
  for (const update of updates) {
    const index = out.findIndex((condition) => condition.type === update.type);
    if (index < 0) {
      out.push({ ...update });
      continue;
    }
    const current = out[index] as Condition;
    const changed =
      current.status !== update.status ||
      current.reason !== update.reason ||
      current.message !== update.message ||
      (current.observedGeneration ?? 0) !== (update.observedGeneration ?? 0);
    if (changed) out[index] = { ...current, ...update };
  }
  return out;
}

/** The route's new status (a copy); the caller writes it when it differs beyond transition times. */
export function routeStatusAfterChecks(
  route: RouteObj,
  kind: RouteKind,
  world: RouteWorld,
): NonNullable<RouteObj["status"]> {
  const parents: RouteParentStatus[] = structuredClone(route.status?.parents ?? []);
  const namespace = route.metadata.namespace ?? "";
  const generation = route.metadata.generation ?? 0;
  const set = (
    ref: ParentReference,
    condition: Omit<Condition, "lastTransitionTime" | "observedGeneration">,
  ) => {
    const full: Condition = {
      ...condition,
      lastTransitionTime: metaTime(world.now()),
      ...(generation ? { observedGeneration: generation } : {}),
    };
    const entry = parents.find((parent) => JSON.stringify(parent.parentRef) === JSON.stringify(ref));
    if (entry) entry.conditions = mergeConditions(entry.conditions, full);
    else
      parents.push({ parentRef: structuredClone(ref), controllerName: CONTROLLER_NAME, conditions: [full] });
  };
  for (const parent of route.spec.parentRefs ?? []) {
    if (!isGatewayRef(parent)) continue;
    const gateway = world.gateway(parent.namespace ?? namespace, parent.name);
    if (!gateway || world.classController(gateway.spec.gatewayClassName) !== CONTROLLER_NAME) continue;
    set(parent, { type: "Accepted", status: "True", reason: "Accepted", message: "Accepted HTTPRoute" });
    set(parent, {
      type: "ResolvedRefs",
      status: "True",
      reason: "ResolvedRefs",
      message: "Service reference is valid",
    });
    for (const check of [
      kindAllowed,
      matchingPorts,
      matchingHostnames,
      matchingSection,
      allowedForNamespace,
    ]) {
      if (!check(route, kind, gateway, parent, world, set)) break;
    }
    for (const check of [crossNamespaceBackends, backendKinds, existingServices]) {
      if (!check(route, kind, parent, world, set)) break;
    }
  }
  return { ...(route.status ?? {}), parents };
}

type Setter = (
  ref: ParentReference,
  condition: Omit<Condition, "lastTransitionTime" | "observedGeneration">,
) => void;
type GatewayCheck = (
  route: RouteObj,
  kind: RouteKind,
  gateway: GatewayObj,
  parent: ParentReference,
  world: RouteWorld,
  set: Setter,
) => boolean;
type RuleCheck = (
  route: RouteObj,
  kind: RouteKind,
  parent: ParentReference,
  world: RouteWorld,
  set: Setter,
) => boolean;

const kindAllowed: GatewayCheck = (_route, kind, gateway, parent, _world, set) => {
  for (const listener of gateway.spec.listeners) {
    const kinds = listener.allowedRoutes?.kinds ?? [];
    if (kinds.length === 0) continue;
    if (
      !kinds.some(
        (allowed) =>
          (allowed.group === undefined || allowed.group === "gateway.networking.k8s.io") &&
          allowed.kind === kind,
      )
    ) {
      set(parent, {
        type: "Accepted",
        status: "False",
        reason: "NotAllowedByListeners",
        message: `${kind} is not allowed to attach to this Gateway due to route kind restrictions`,
      });
      return false;
    }
  }
  return true;
};

const matchingPorts: GatewayCheck = (_route, _kind, gateway, parent, _world, set) => {
  if (parent.port === undefined) return true;
  if (gateway.spec.listeners.some((listener) => listener.port === parent.port)) return true;
  set(parent, {
    type: "Accepted",
    status: "False",
    reason: "NoMatchingParent",
    message: `No matching listener with port ${parent.port}`,
  });
  return false;
};

const matchingHostnames: GatewayCheck = (route, _kind, gateway, parent, _world, set) => {
  const hostnames = route.spec.hostnames ?? [];
  const hosts = gateway.spec.listeners.flatMap((listener) => computeHosts(hostnames, listener.hostname, []));
  if (hosts.length > 0) return true;
  set(parent, {
    type: "Accepted",
    status: "False",
    reason: "NoMatchingListenerHostname",
    message: "No matching listener hostname",
  });
  return false;
};

const matchingSection: GatewayCheck = (_route, _kind, gateway, parent, _world, set) => {
  if (parent.sectionName === undefined) return true;
  if (gateway.spec.listeners.some((listener) => listener.name === parent.sectionName)) return true;
  set(parent, {
    type: "Accepted",
    status: "False",
    reason: "NoMatchingParent",
    message: `No matching listener with sectionName ${parent.sectionName}`,
  });
  return false;
};

const allowedForNamespace: GatewayCheck = (route, kind, gateway, parent, world, set) => {
  const routeNamespace = route.metadata.namespace ?? "";
  const allListenerHostnames = gateway.spec.listeners.flatMap((listener) =>
    listener.hostname ? [listener.hostname] : [],
  );
  let restricted = false;
  for (const listener of gateway.spec.listeners) {
    if (parent.sectionName !== undefined && listener.name !== parent.sectionName) continue;
    if (parent.port !== undefined && listener.port !== parent.port) continue;
    if (
      listener.hostname &&
      computeHosts(route.spec.hostnames ?? [], listener.hostname, allListenerHostnames).length === 0
    )
      continue;
    const namespaces = listener.allowedRoutes?.namespaces;
    if (!namespaces) continue;
    restricted = true;
    switch (namespaces.from) {
      case "All":
        return true;
      case "Same":
        if (routeNamespace === gateway.metadata.namespace) return true;
        break;
      case "Selector": {
        const allowed = world.namespaces().some((ns) => {
          if (ns.metadata.name !== routeNamespace) return false;
          const verdict = selectorMatches(namespaces.selector ?? {}, ns.metadata.labels ?? {});
          return verdict.ok && verdict.matches;
        });
        if (!allowed) {
          set(parent, {
            type: "Accepted",
            status: "False",
            reason: "NotAllowedByListeners",
            message: `${kind} is not allowed to attach to this Gateway due to namespace selector restrictions`,
          });
          return false;
        }
        return true;
      }
    }
  }
  if (restricted) {
    set(parent, {
      type: "Accepted",
      status: "False",
      reason: "NotAllowedByListeners",
      message: `${kind} is not allowed to attach to this Gateway due to namespace restrictions`,
    });
  }
  return false;
};

/** GetBackendRefs: the rules' backendRefs, and for HTTPRoutes the RequestMirror filters' backends. */
export function ruleBackends(route: RouteObj, kind: RouteKind): BackendRef[] {
  return (route.spec.rules ?? []).flatMap((rule) => [
    ...(rule.backendRefs ?? []),
    ...(kind === "HTTPRoute"
      ? (rule.filters ?? []).flatMap((filter) =>
          filter.type === "RequestMirror" && filter.requestMirror ? [filter.requestMirror.backendRef] : [],
        )
      : []),
  ]);
}

const crossNamespaceBackends: RuleCheck = (route, kind, parent, world, set) => {
  let continueChecks = true;
  const namespace = route.metadata.namespace ?? "";
  for (const backend of ruleBackends(route, kind)) {
    if (
      (backend.namespace ?? namespace) !== namespace &&
      !backendAllowed(namespace, kind, backend, world.grants)
    ) {
      set(parent, {
        type: "ResolvedRefs",
        status: "False",
        reason: "RefNotPermitted",
        message: "Cross namespace references are not allowed",
      });
      continueChecks = false;
    }
  }
  return continueChecks;
};

const backendKinds: RuleCheck = (route, kind, parent, _world, set) => {
  let continueChecks = true;
  for (const backend of ruleBackends(route, kind)) {
    if (!isServiceRef(backend)) {
      set(parent, {
        type: "ResolvedRefs",
        status: "False",
        reason: "InvalidKind",
        message: `Unsupported backend kind ${backend.kind ?? ""}`,
      });
      continueChecks = false;
      continue;
    }
    if (backend.port === undefined) {
      set(parent, {
        type: "ResolvedRefs",
        status: "False",
        reason: "InvalidKind",
        message: "Must have port for backend object reference",
      });
      continueChecks = false;
    }
  }
  return continueChecks;
};

const existingServices: RuleCheck = (route, kind, parent, world, set) => {
  const namespace = route.metadata.namespace ?? "";
  for (const backend of ruleBackends(route, kind)) {
    const backendNamespace = backend.namespace ?? namespace;
    if (!world.serviceExists(backendNamespace, backend.name)) {
      set(parent, {
        type: "ResolvedRefs",
        status: "False",
        reason: "BackendNotFound",
        message: `services "${backend.name}" not found`,
      });
    }
  }
  return true;
};

/** Whether two statuses differ beyond lastTransitionTime (cmpopts.IgnoreFields(Condition, LastTransitionTime)). */
export function statusDiffers(a: unknown, b: unknown): boolean {
  const strip = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value ?? {}, (key, inner) => (key === "lastTransitionTime" ? undefined : inner)),
    );
  return JSON.stringify(strip(a)) !== JSON.stringify(strip(b));
}
