// The LoadBalancer Service Cilium's operator creates for each Gateway: `cilium-gateway-<gateway>`
// in the Gateway's namespace (operator/pkg/gateway-api, translation of the Gateway to a Service).
// When a Gateway is not Programmed (AddressNotAssigned), this Service's IPAM condition says why.

import type { ObjectRef } from "../../k8s/kube-object.ts";

export function gatewayServiceName(gateway: string): string {
  return `cilium-gateway-${gateway}`;
}

export function gatewayServiceRef(namespace: string, gateway: string): ObjectRef {
  return { apiVersion: "v1", kind: "Service", namespace, name: gatewayServiceName(gateway) };
}
