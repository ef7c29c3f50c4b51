// What `cilium-operator-generic --config-dir=/tmp/cilium/config-map` reads (operator/option and
// the cells' flags, every one also a key of the cilium-config ConfigMap) and which Cilium it is.
// The double learns its version from its own Pod's image tag (the real binary has it compiled in).

import { configDirArgument } from "../agent/startup/config-dir.ts";

export const OPERATOR_FAULTS = {
  /** LB-IPAM: dynamic allocations take the address just past the block (outside the pool). */
  lbipamOutsidePool: "lbipam-ip-outside-pool",
  /** LB-IPAM: a requested IP no pool contains is assigned anyway (no no_pool refusal). */
  lbipamUnpooledRequestAssigned: "lbipam-unpooled-request-assigned",
  /** LB-IPAM: pool counters are written once and never follow allocations. */
  lbipamCountersFrozen: "lbipam-counters-frozen",
  /** LB-IPAM: the Service condition cilium.io/IPAMRequestSatisfied is never written. */
  lbipamNoCondition: "lbipam-no-satisfied-condition",
  /** LB-IPAM: requested IPs (annotation / spec.loadBalancerIP) are ignored. */
  lbipamRequestedIgnored: "lbipam-requested-ip-ignored",
  /** LB-IPAM: sharing keys are ignored; every Service gets its own address. */
  lbipamSharingIgnored: "lbipam-sharing-key-ignored",
  /** LB-IPAM: IPsTotal reports two fewer than the blocks' raw size (as if first/last were not counted). */
  lbipamIpsTotalWrong: "lbipam-ips-total-wrong",
  /** LB-IPAM: every pool is marked cilium.io/PoolConflict (overlapping itself) and serves nothing. */
  lbipamPoolConflict: "lbipam-pool-conflict",
  /** LB-IPAM: deleted Services keep their addresses. */
  lbipamNoRelease: "lbipam-ips-not-released",
  /** Gateway API: the GatewayClass is never Accepted. */
  gatewayClassNotAccepted: "gateway-class-not-accepted",
  /** Gateway API: a Gateway never becomes Programmed (stays waiting for its address). */
  gatewayNeverProgrammed: "gateway-never-programmed",
  /** Gateway API: every HTTPRoute gets ResolvedRefs=False BackendNotFound though its backends exist. */
  gatewayBackendsNotFound: "gateway-route-backends-not-found",
  /** Provisioning: the operator never reports healthy, so Cilium never becomes ready. */
  operatorNeverReady: "cilium-never-ready",
} as const;

export interface OperatorConfig {
  /** All cilium-config keys, as files of the config dir. */
  values: Record<string, string>;
  debug: boolean;
  enableLbIpam: boolean;
  enableGatewayApi: boolean;
  /** cilium-config `ipam` (default cluster-pool, as the operator's flag). */
  ipam: string;
  clusterPoolIpv4Cidrs: string[];
  clusterPoolIpv4MaskSize: number;
  /** gateway-api-secrets-namespace / tls secrets namespace (1.17+ `cilium-secrets`). */
  gatewaySecretsNamespace: string;
  gatewayExternalTrafficPolicy: string;
  enableGatewaySecretsSync: boolean;
  ipv4: boolean;
  ipv6: boolean;
  /** operator-api-serve-addr (default localhost:9234). */
  apiServeAddr: string;
}

const on = (values: Record<string, string>, key: string, fallback: boolean) =>
  values[key] === undefined ? fallback : values[key] === "true";

export function operatorConfig(values: Record<string, string>, args: readonly string[]): OperatorConfig {
  const debugArg = args.find((arg) => arg.startsWith("--debug="))?.slice("--debug=".length);
  return {
    values,
    debug: debugArg === "true" || values.debug === "true",
    enableLbIpam: on(values, "enable-lb-ipam", true),
    enableGatewayApi: on(values, "enable-gateway-api", false),
    ipam: values.ipam || "cluster-pool",
    clusterPoolIpv4Cidrs: (values["cluster-pool-ipv4-cidr"] ?? "10.0.0.0/8").split(/[\s,]+/).filter(Boolean),
    clusterPoolIpv4MaskSize: Number(values["cluster-pool-ipv4-mask-size"] ?? 24),
    gatewaySecretsNamespace: values["gateway-api-secrets-namespace"] ?? "cilium-secrets",
    gatewayExternalTrafficPolicy: values["gateway-api-service-externaltrafficpolicy"] ?? "Cluster",
    enableGatewaySecretsSync: on(values, "enable-gateway-api-secrets-sync", true),
    ipv4: on(values, "enable-ipv4", true),
    ipv6: on(values, "enable-ipv6", false),
    apiServeAddr: values["operator-api-serve-addr"] ?? "localhost:9234",
  };
}

/** The config dir the process line names (the chart passes --config-dir=/tmp/cilium/config-map). */
export function configDirOf(args: readonly string[]): string {
  return configDirArgument(args) ?? "/tmp/cilium/config-map";
}

/** `quay.io/cilium/operator-generic:v1.18.11@sha256:…` → `1.18.11`. */
export function versionOfImage(image: string): string | undefined {
  const withoutDigest = image.split("@")[0] ?? image;
  const tag = /:([^/:]+)$/.exec(withoutDigest)?.[1];
  const match = tag ? /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/.exec(tag) : null;
  return match?.[1];
}
