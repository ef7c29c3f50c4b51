// One Gateway reconcile as Cilium's operator does it (operator/pkg/gateway-api/gateway_reconcile.go
// Reconcile), as a pure function: the routes' statuses (1.18: the Gateway reconciler runs the
// route checks; 1.16/1.17 run the same checks in the route reconcilers), the listeners'
// statuses, Accepted, the translation (CiliumEnvoyConfig, Service `cilium-gateway-<name>`,
// Endpoints), the static address checks and Programmed with the addresses from the Service's
// load-balancer ingress. The caller writes what changed, in Cilium's order.
//
// Programmed per version:
// - 1.18+: False "Gateway waiting for address" (AddressNotAssigned) until the Service has an
//   ingress address, then True "Gateway Programmed" and every accepted listener Programmed True.
// - 1.16/1.17: True "Gateway successfully reconciled" once the objects exist, address or not.

import { type Condition, metaTime } from "../../../k8s/conditions.ts";
import { computeHosts } from "./compute-hosts.ts";
import type { GatewayObj, RouteObj } from "./gateway-types.ts";
import { gatewayModel } from "./ingestion.ts";
import { isAllowed, isAttachable, type ListenerWorld, listenerStatuses } from "./listener-status.ts";
import { mergeConditions, type RouteKind, routeStatusAfterChecks, statusDiffers } from "./route-checks.ts";
import {
  type Translation,
  type TranslatorConfig,
  translateGateway,
} from "./translation/cilium-envoy-config.ts";

export interface GatewayWorld extends ListenerWorld {
  httpRoutes: readonly RouteObj[];
  grpcRoutes: readonly RouteObj[];
  services: ReadonlyMap<string, { ports?: { port: number; appProtocol?: string }[] }>;
  /** status.loadBalancer.ingress of the Service labelled as this Gateway's (owning-gateway), if it exists. */
  gatewayServiceIngress(
    namespace: string,
    gatewayName: string,
  ): { ip?: string; hostname?: string }[] | undefined;
}

export interface GatewayFaults {
  /** The Gateway is never Programmed (stays waiting for its address). */
  neverProgrammed?: boolean;
  /** The route checks never find backend Services: ResolvedRefs=False BackendNotFound (status only). */
  backendsNotFound?: boolean;
}

export interface GatewayReconcile {
  /** Routes whose status changed, with the new status (written before the Gateway's objects). */
  routeStatuses: { kind: RouteKind; route: RouteObj; status: NonNullable<RouteObj["status"]> }[];
  /** The objects to create or patch; absent when the reconcile stopped before the translation. */
  translation?: Translation;
  /** The Gateway's new status, when it differs beyond transition times. */
  status?: NonNullable<GatewayObj["status"]>;
  /** Why the reconcile failed (controller-runtime requeues with backoff), if it did. */
  error?: string;
}

export function reconcileGateway(
  gateway: GatewayObj,
  world: GatewayWorld,
  minor: number,
  config: TranslatorConfig,
  faults: GatewayFaults = {},
): GatewayReconcile {
  const original = structuredClone(gateway);
  const gw = structuredClone(gateway);
  const generation = gw.metadata.generation ?? 0;
  const now = metaTime(world.now());
  const condition = (
    type: string,
    status: Condition["status"],
    reason: string,
    message: string,
  ): Condition => ({
    type,
    status,
    ...(generation ? { observedGeneration: generation } : {}),
    lastTransitionTime: now,
    reason,
    message,
  });
  gw.status ??= {};
  const status = gw.status;
  const setAccepted = (accepted: boolean, message: string, reason: string) => {
    status.conditions = mergeConditions(
      status.conditions ?? [],
      condition(
        "Accepted",
        accepted ? "True" : "False",
        minor >= 17 ? reason : accepted ? "Accepted" : "NoResources",
        message,
      ),
    );
  };
  const setProgrammed = (value: Condition["status"], message: string, reason: string) => {
    status.conditions = mergeConditions(
      status.conditions ?? [],
      condition(
        "Programmed",
        value,
        minor >= 17 ? reason : value === "True" ? "Programmed" : "ListenersNotReady",
        message,
      ),
    );
  };
  const done = (result: Omit<GatewayReconcile, "status">): GatewayReconcile => ({
    ...result,
    ...(statusDiffers(original.status, gw.status)
      ? { status: gw.status as NonNullable<GatewayObj["status"]> }
      : {}),
  });

  // The routes that name this Gateway (gatewayHTTPRouteIndex), checked and updated first; the
  // filters below see the updated statuses, as Cilium updates its cached copies.
  const routeStatuses: GatewayReconcile["routeStatuses"] = [];
  const checkWorld = faults.backendsNotFound ? { ...world, serviceExists: () => false } : world;
  const checked = (routes: readonly RouteObj[], kind: RouteKind) =>
    routes
      .filter((route) => namesGateway(route, gw))
      .map((route) => {
        const next = routeStatusAfterChecks(route, kind, checkWorld);
        if (statusDiffers(route.status, next)) routeStatuses.push({ kind, route, status: next });
        return { ...route, status: next };
      });
  const httpRoutes = checked(world.httpRoutes, "HTTPRoute");
  const grpcRoutes =
    minor >= 18
      ? checked(world.grpcRoutes, "GRPCRoute")
      : world.grpcRoutes.filter((route) => namesGateway(route, gw));

  const allListenerHostnames = gw.spec.listeners.flatMap((listener) =>
    listener.hostname ? [listener.hostname] : [],
  );
  const attachedToGateway = (routes: readonly RouteObj[], kind: RouteKind) =>
    routes.filter(
      (route) =>
        isAttachable(gw, route) &&
        isAllowed(gw, route, kind, world) &&
        gw.spec.listeners.some(
          (listener) =>
            computeHosts(route.spec.hostnames ?? [], listener.hostname, allListenerHostnames).length > 0,
        ),
    );
  const model = gatewayModel({
    gateway: gw,
    httpRoutes: attachedToGateway(httpRoutes, "HTTPRoute"),
    grpcRoutes: attachedToGateway(grpcRoutes, "GRPCRoute"),
    services: world.services,
    grants: world.grants,
  });

  const listeners = listenerStatuses(gw, { http: httpRoutes, grpc: grpcRoutes }, world, minor);
  status.listeners = listeners.listeners;
  if (!listeners.valid) {
    setAccepted(false, "No Accepted Listeners", "ListenersNotValid");
    setProgrammed("False", "No Accepted Listeners", "ListenersNotValid");
    return done({ routeStatuses, error: "No Accepted Listeners for Gateway" });
  }
  setAccepted(true, "Gateway successfully scheduled", "Accepted");

  const translation = translateGateway(model, config);
  if (!translation) {
    setAccepted(false, "Unable to translate resources", "NoResources");
    if (minor >= 18) setProgrammed("False", "Unable to translate resources", "ListenersNotValid");
    return done({ routeStatuses, error: "model source can't be empty" });
  }
  if (minor >= 17) {
    const problem = staticAddressProblem(gw);
    if (problem) {
      setAccepted(
        false,
        minor >= 18
          ? `Unsupported Gateway address, ${problem}`
          : "The gateway static address is not yet supported",
        "UnsupportedAddress",
      );
      setProgrammed("False", "Address is not ready", "ListenersNotReady");
      return done({ routeStatuses, error: problem });
    }
  }

  // Step 4: the address. The Service is the one written just before (or not yet seen).
  const ingress = world.gatewayServiceIngress(gw.metadata.namespace ?? "", gw.metadata.name);
  if (minor >= 18) setProgrammed("False", "Gateway waiting for address", "AddressNotAssigned");
  if (ingress === undefined) {
    setProgrammed(
      "False",
      minor >= 18 ? "Address is not ready, no service found" : "Address is not ready",
      minor >= 18 ? "AddressNotAssigned" : "ListenersNotReady",
    );
    return done({ routeStatuses, translation, error: "no service found" });
  }
  if (ingress.length > 0 && !faults.neverProgrammed) {
    const addresses = ingress.flatMap((entry) => [
      ...(entry.ip ? [{ type: "IPAddress", value: entry.ip }] : []),
      ...(entry.hostname ? [{ type: "Hostname", value: entry.hostname }] : []),
    ]);
    if (minor >= 18 && addresses.length > 0) {
      setProgrammed("True", "Gateway Programmed", "Programmed");
      for (const listener of status.listeners ?? []) {
        if (!listener.conditions.some((c) => c.type === "Accepted" && c.status === "True")) continue;
        listener.conditions = mergeConditions(
          listener.conditions,
          condition("Programmed", "True", "Programmed", "Listener Programmed"),
        );
      }
    }
    status.addresses = addresses;
    // setStaticAddressStatus: every spec address must be among the Service's ingress IPs.
    if (minor >= 17) {
      const ips = new Set(ingress.map((entry) => entry.ip ?? ""));
      const unusable = (gw.spec.addresses ?? []).find((address) => !ips.has(address.value));
      if (unusable) {
        setProgrammed("False", "StaticAddress can't be used", "AddressNotUsable");
        return done({
          routeStatuses,
          translation,
          error: `static address "${unusable.value}" can't be used`,
        });
      }
    }
  }
  if (minor < 18 && !faults.neverProgrammed)
    setProgrammed("True", "Gateway successfully reconciled", "Programmed");
  return done({ routeStatuses, translation });
}

/** IndexHTTPRouteByGateway: a Gateway parentRef with this Gateway's namespace/name. */
function namesGateway(route: RouteObj, gateway: GatewayObj): boolean {
  const namespace = route.metadata.namespace ?? "";
  return (route.spec.parentRefs ?? []).some(
    (ref) =>
      (ref.kind ?? "Gateway") === "Gateway" &&
      ref.name === gateway.metadata.name &&
      (ref.namespace ?? namespace) === gateway.metadata.namespace,
  );
}

/** verifyGatewayStaticAddresses (1.17+): IPAddress type only, a value, a parseable IP. */
function staticAddressProblem(gateway: GatewayObj): string | undefined {
  for (const address of gateway.spec.addresses ?? []) {
    if (address.type !== undefined && address.type !== "IPAddress") return "address type is not supported";
    if (address.value === "") return "address value is not set";
    if (!isIp(address.value)) return "invalid ip address";
  }
  return undefined;
}

function isIp(text: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text))
    return text.split(".").every((part) => Number(part) <= 255 && !/^0\d/.test(part));
  return text.includes(":") && /^[0-9a-fA-F:.]+$/.test(text);
}

/** gatewayClassAcceptedCondition: Accepted True "Valid GatewayClass" for Cilium's controller name. */
export function gatewayClassStatus(
  gatewayClass: { metadata: { generation?: number }; status?: { conditions?: Condition[] } },
  now: Date,
): { conditions: Condition[] } | undefined {
  const generation = gatewayClass.metadata.generation ?? 0;
  const conditions = mergeConditions(gatewayClass.status?.conditions ?? [], {
    type: "Accepted",
    status: "True",
    ...(generation ? { observedGeneration: generation } : {}),
    lastTransitionTime: metaTime(now),
    reason: "Accepted",
    message: "Valid GatewayClass",
  });
  const next = { ...(gatewayClass.status ?? {}), conditions };
  return statusDiffers(gatewayClass.status, next) ? next : undefined;
}
