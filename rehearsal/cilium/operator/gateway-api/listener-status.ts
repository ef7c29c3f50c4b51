// A Gateway's listener statuses (gateway_reconcile.go setListenerStatus) and which routes count
// as attached to a listener. Two generations:
// - 1.18+: supportedKinds HTTPRoute+GRPCRoute for HTTP(S) (filtered by allowedRoutes.kinds, with
//   ResolvedRefs=False InvalidRouteKinds when some are unsupported), TLS checks, conditions
//   ResolvedRefs, Accepted, Programmed=False "Address not ready yet" (Pending) until the address;
//   the Gateway is Accepted only with one valid listener. attachedRoutes counts HTTP and GRPC routes.
// - 1.16/1.17: one supported kind per protocol, conditions Programmed=True, Accepted, ResolvedRefs
//   from the start, attachedRoutes counts HTTP routes only.

import { type Condition, metaTime } from "../../../k8s/conditions.ts";
import { selectorMatches } from "../../../k8s/label-selector.ts";
import { computeHosts } from "./compute-hosts.ts";
import {
  GATEWAY_GROUP,
  type GatewayObj,
  isGatewayRef,
  type Listener,
  type ListenerStatus,
  type ParentReference,
  type RouteObj,
  referenceAllowed,
} from "./gateway-types.ts";
import { mergeConditions, type RouteWorld } from "./route-checks.ts";

export interface ListenerWorld extends RouteWorld {
  /** A TLS Secret's validity (validateTLSSecret): undefined when valid, else why not. */
  tlsSecretProblem(namespace: string, name: string): string | undefined;
}

/** isAttachable: the route's status for this Gateway says Accepted=True or ResolvedRefs=False. */
export function isAttachable(gateway: GatewayObj, route: RouteObj): boolean {
  const namespace = route.metadata.namespace ?? "";
  return (route.status?.parents ?? []).some(
    (parent) =>
      (parent.parentRef.namespace ?? namespace) === gateway.metadata.namespace &&
      parent.parentRef.name === gateway.metadata.name &&
      parent.conditions.some(
        (condition) =>
          (condition.type === "Accepted" && condition.status === "True") ||
          (condition.type === "ResolvedRefs" && condition.status === "False"),
      ),
  );
}

/** helpers.go isAllowed (the first listener without allowedRoutes.namespaces decides "same namespace"). */
export function isAllowed(gateway: GatewayObj, route: RouteObj, kind: string, world: RouteWorld): boolean {
  const namespace = route.metadata.namespace ?? "";
  for (const listener of gateway.spec.listeners) {
    const namespaces = listener.allowedRoutes?.namespaces;
    if (!listener.allowedRoutes || !namespaces) return namespace === gateway.metadata.namespace;
    const kinds = listener.allowedRoutes.kinds;
    if (
      kinds &&
      !kinds.some(
        (allowed) =>
          (allowed.group === undefined || allowed.group === GATEWAY_GROUP) && allowed.kind === kind,
      )
    )
      continue;
    if (namespaces.from === "All") return true;
    if (namespaces.from === "Same" && namespace === gateway.metadata.namespace) return true;
    if (namespaces.from === "Selector") {
      const match = world.namespaces().some((ns) => {
        const verdict = selectorMatches(namespaces.selector ?? {}, ns.metadata.labels ?? {});
        return ns.metadata.name === namespace && verdict.ok && verdict.matches;
      });
      if (match) return true;
    }
  }
  return false;
}

/** parentRefMatched: a Gateway parentRef naming this Gateway, and the listener by section/port (or neither). */
export function parentRefMatched(
  gateway: GatewayObj,
  listener: Listener,
  routeNamespace: string,
  refs: readonly ParentReference[],
): boolean {
  return refs.some((ref) => {
    if (
      !isGatewayRef(ref) ||
      ref.name !== gateway.metadata.name ||
      (ref.namespace ?? routeNamespace) !== gateway.metadata.namespace
    )
      return false;
    if (ref.sectionName === undefined && ref.port === undefined) return true;
    return (
      (ref.sectionName === undefined || ref.sectionName === listener.name) &&
      (ref.port === undefined || ref.port === listener.port)
    );
  });
}

export function routesOfListener(
  gateway: GatewayObj,
  listener: Listener,
  routes: readonly RouteObj[],
  kind: string,
  world: RouteWorld,
): RouteObj[] {
  return routes.filter(
    (route) =>
      isAttachable(gateway, route) &&
      isAllowed(gateway, route, kind, world) &&
      computeHosts(route.spec.hostnames ?? [], listener.hostname, []).length > 0 &&
      parentRefMatched(gateway, listener, route.metadata.namespace ?? "", route.spec.parentRefs ?? []),
  );
}

function supportedKindsOf(protocol: string): { group: string; kind: string }[] | undefined {
  switch (protocol) {
    case "HTTP":
    case "HTTPS":
      return [
        { group: GATEWAY_GROUP, kind: "HTTPRoute" },
        { group: GATEWAY_GROUP, kind: "GRPCRoute" },
      ];
    case "TLS":
      return [{ group: GATEWAY_GROUP, kind: "TLSRoute" }];
    case "TCP":
      return [{ group: GATEWAY_GROUP, kind: "TCPRoute" }];
    case "UDP":
      return [{ group: GATEWAY_GROUP, kind: "UDPRoute" }];
    default:
      return undefined;
  }
}

export interface ListenerOutcome {
  listeners: ListenerStatus[];
  /** At least one valid listener (1.18+); always true before. */
  valid: boolean;
}

/** setListenerStatus: `gateway.status.listeners` after this reconcile. */
export function listenerStatuses(
  gateway: GatewayObj,
  routes: { http: readonly RouteObj[]; grpc: readonly RouteObj[] },
  world: ListenerWorld,
  minor: number,
): ListenerOutcome {
  const generation = gateway.metadata.generation ?? 0;
  const now = metaTime(world.now());
  const cond = (
    type: string,
    status: Condition["status"],
    reason: string,
    message: string,
    withGeneration = true,
  ): Condition => ({
    type,
    status,
    ...(withGeneration && generation ? { observedGeneration: generation } : {}),
    lastTransitionTime: now,
    reason,
    message,
  });
  const previous = gateway.status?.listeners ?? [];
  let anyValid = false;
  const listeners: ListenerStatus[] = [];
  for (const listener of gateway.spec.listeners) {
    let valid = true;
    const invalid: string[] = [];
    let conditions: Condition[] = [];
    let supportedKinds: { group?: string; kind: string }[];
    const allowedKinds = listener.allowedRoutes?.kinds ?? [];
    if (minor >= 18) {
      const all = supportedKindsOf(listener.protocol);
      if (!all) {
        invalid.push("Unsupported Listener Protocol.");
        valid = false;
      }
      if (allowedKinds.length > 0) {
        supportedKinds = (all ?? []).filter((supported) =>
          allowedKinds.some(
            (allowed) =>
              (allowed.group || GATEWAY_GROUP) === supported.group && allowed.kind === supported.kind,
          ),
        );
        if (supportedKinds.length !== allowedKinds.length) {
          conditions = mergeConditions(
            conditions,
            cond(
              "ResolvedRefs",
              "False",
              "InvalidRouteKinds",
              "Unsupported Route Kinds in allowedRoutes.kinds",
            ),
          );
        }
        if (supportedKinds.length === 0) {
          invalid.push("None of the Allowed Route Kinds are supported.");
          valid = false;
        }
      } else {
        supportedKinds = all ?? [];
      }
    } else {
      const own = (supportedKindsOf(listener.protocol) ?? [{ group: GATEWAY_GROUP, kind: "" }])[0] as {
        group: string;
        kind: string;
      };
      let invalidKinds = false;
      supportedKinds = [];
      if (allowedKinds.length > 0) {
        for (const allowed of allowedKinds) {
          if ((allowed.group || GATEWAY_GROUP) === own.group && allowed.kind === own.kind)
            supportedKinds.push(allowed);
          else invalidKinds = true;
        }
      } else {
        supportedKinds = [own];
      }
      if (invalidKinds) {
        conditions.push(cond("ResolvedRefs", "False", "InvalidRouteKinds", "Invalid Route Kinds"));
        valid = false;
      } else {
        conditions.push(
          cond("Programmed", "True", "Programmed", "Listener Programmed"),
          cond("Accepted", "True", "Accepted", "Listener Accepted"),
          cond("ResolvedRefs", "True", "ResolvedRefs", "Resolved Refs", false),
        );
      }
    }
    for (const ref of listener.tls?.certificateRefs ?? []) {
      const problem = certificateProblem(gateway, ref, world);
      if (!problem) continue;
      conditions = mergeConditions(
        conditions,
        cond("ResolvedRefs", "False", problem.reason, problem.condition, false),
      );
      invalid.push(problem.invalid);
      valid = false;
      break;
    }
    if (minor >= 18) {
      if (!valid) {
        conditions = mergeConditions(
          conditions,
          cond("Accepted", "False", "Invalid", `Listener not valid. ${invalid.join(" ")}`),
          cond("Programmed", "False", "Pending", "Address not ready yet"),
        );
      } else {
        anyValid = true;
        if (!conditions.some((condition) => condition.type === "ResolvedRefs")) {
          conditions = mergeConditions(
            conditions,
            cond("ResolvedRefs", "True", "ResolvedRefs", "Resolved Refs"),
          );
        }
        conditions = mergeConditions(
          conditions,
          cond("Accepted", "True", "Accepted", "Listener Accepted"),
          cond("Programmed", "False", "Pending", "Address not ready yet"),
        );
      }
    } else {
      anyValid ||= valid;
      if (!valid)
        conditions = mergeConditions(
          conditions,
          cond("Programmed", "False", "Invalid", "Invalid CertificateRef", false),
        );
    }
    const attached =
      routesOfListener(gateway, listener, routes.http, "HTTPRoute", world).length +
      (minor >= 18 ? routesOfListener(gateway, listener, routes.grpc, "GRPCRoute", world).length : 0);
    listeners.push({ name: listener.name, supportedKinds, attachedRoutes: attached, conditions });
  }
  // Listener statuses keep their place; statuses of removed listeners go.
  const order = previous.map((status) => status.name);
  listeners.sort((a, b) => rank(order, a.name) - rank(order, b.name));
  return { listeners, valid: minor >= 18 ? anyValid : true };
}

function rank(order: string[], name: string): number {
  const index = order.indexOf(name);
  return index < 0 ? order.length : index;
}

function certificateProblem(
  gateway: GatewayObj,
  ref: { group?: string; kind?: string; name: string; namespace?: string },
  world: ListenerWorld,
): { reason: string; condition: string; invalid: string } | undefined {
  const namespace = gateway.metadata.namespace ?? "";
  if ((ref.kind ?? "Secret") !== "Secret" || (ref.group ?? "") !== "") {
    return {
      reason: "InvalidCertificateRef",
      condition: "Invalid CertificateRef",
      invalid: "Invalid CertificateRef, must be a Secret.",
    };
  }
  if (!referenceAllowed(namespace, "Gateway", ref, "Secret", world.grants)) {
    return {
      reason: "RefNotPermitted",
      condition: "CertificateRef is not permitted",
      invalid: "Invalid CertificateRef, not permitted.",
    };
  }
  const problem = world.tlsSecretProblem(ref.namespace ?? namespace, ref.name);
  if (problem)
    return {
      reason: "InvalidCertificateRef",
      condition: "Invalid CertificateRef",
      invalid: `Invalid CertificateRef, ${problem}`,
    };
  return undefined;
}
