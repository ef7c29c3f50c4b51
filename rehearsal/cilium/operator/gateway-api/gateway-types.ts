// The Gateway API objects as the operator double reads them (sigs.k8s.io/gateway-api apis/v1):
// only the fields Cilium's reconcilers look at, with the wire names.

import type { Condition } from "../../../k8s/conditions.ts";
import type { Obj } from "../../../k8s/kube-objects.ts";
import type { LabelSelector } from "../../../k8s/label-selector.ts";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";
export const CONTROLLER_NAME = "io.cilium/gateway-controller";

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  tls?: {
    mode?: string;
    certificateRefs?: { group?: string; kind?: string; name: string; namespace?: string }[];
  };
  allowedRoutes?: {
    namespaces?: { from?: "All" | "Same" | "Selector"; selector?: LabelSelector };
    kinds?: { group?: string; kind: string }[];
  };
}

export interface GatewayObj extends Obj {
  spec: {
    gatewayClassName: string;
    listeners: Listener[];
    addresses?: { type?: string; value: string }[];
    infrastructure?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  };
  status?: {
    conditions?: Condition[];
    addresses?: { type: string; value: string }[];
    listeners?: ListenerStatus[];
  };
}

export interface ListenerStatus {
  name: string;
  supportedKinds: { group?: string; kind: string }[];
  attachedRoutes: number;
  conditions: Condition[];
}

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  filters?: RouteFilter[];
}

export interface HeaderModifier {
  add?: { name: string; value: string }[];
  set?: { name: string; value: string }[];
  remove?: string[];
}

export interface PathModifier {
  type: "ReplaceFullPath" | "ReplacePrefixMatch";
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface RouteFilter {
  type: string;
  requestHeaderModifier?: HeaderModifier;
  responseHeaderModifier?: HeaderModifier;
  requestRedirect?: {
    scheme?: string;
    hostname?: string;
    path?: PathModifier;
    port?: number;
    statusCode?: number;
  };
  urlRewrite?: { hostname?: string; path?: PathModifier };
  requestMirror?: {
    backendRef: BackendRef;
    percent?: number;
    fraction?: { numerator: number; denominator?: number };
  };
}

export interface HttpRouteMatch {
  path?: { type?: "Exact" | "PathPrefix" | "RegularExpression"; value?: string };
  headers?: { type?: "Exact" | "RegularExpression"; name: string; value: string }[];
  queryParams?: { type?: "Exact" | "RegularExpression"; name: string; value: string }[];
  method?: string;
}

export interface GrpcMethodMatch {
  type?: "Exact" | "RegularExpression";
  service?: string;
  method?: string;
}

export interface GrpcRouteMatch {
  method?: GrpcMethodMatch;
  headers?: { type?: "Exact" | "RegularExpression"; name: string; value: string }[];
}

export interface RouteRule {
  /** HTTPRouteMatch or GRPCRouteMatch (`method` is a string in one, an object in the other). */
  matches?: (Omit<HttpRouteMatch, "method"> & { method?: string | GrpcMethodMatch })[];
  filters?: RouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
}

export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions: Condition[];
}

export interface RouteObj extends Obj {
  kind?: string;
  spec: { parentRefs?: ParentReference[]; hostnames?: string[]; rules?: RouteRule[] };
  status?: { parents?: RouteParentStatus[] };
}

export interface ReferenceGrantObj extends Obj {
  spec: {
    from: { group: string; kind: string; namespace: string }[];
    to: { group: string; kind: string; name?: string }[];
  };
}

export function isGatewayRef(ref: ParentReference): boolean {
  return (ref.kind ?? "Gateway") === "Gateway" && (ref.group ?? GATEWAY_GROUP) === GATEWAY_GROUP;
}

export function isServiceRef(ref: { group?: string; kind?: string }): boolean {
  return (ref.kind ?? "Service") === "Service" && (ref.group ?? "") === "";
}

/**
 * helpers/referencegrants.go isReferenceAllowed: same namespace always; else a ReferenceGrant in
 * the target namespace from (gateway group, fromKind, fromNamespace) to (core, toKind[, name]).
 */
export function referenceAllowed(
  fromNamespace: string,
  fromKind: string,
  to: { name: string; namespace?: string },
  toKind: "Service" | "Secret",
  grants: readonly ReferenceGrantObj[],
): boolean {
  const toNamespace = to.namespace ?? fromNamespace;
  if (toNamespace === fromNamespace) return true;
  return grants.some(
    (grant) =>
      grant.metadata.namespace === toNamespace &&
      grant.spec.from.some(
        (from) => from.group === GATEWAY_GROUP && from.kind === fromKind && from.namespace === fromNamespace,
      ) &&
      grant.spec.to.some(
        (target) =>
          (target.group ?? "") === "" && target.kind === toKind && (!target.name || target.name === to.name),
      ),
  );
}

/** IsBackendReferenceAllowed: Services only (ServiceImports need the MCS CRDs the double lacks). */
export function backendAllowed(
  fromNamespace: string,
  fromKind: string,
  backend: BackendRef,
  grants: readonly ReferenceGrantObj[],
): boolean {
  return isServiceRef(backend) && referenceAllowed(fromNamespace, fromKind, backend, "Service", grants);
}
