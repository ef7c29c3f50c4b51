// Gateway API CRDs at the version and channel the chart requires, as release URLs and the CRD
// names to wait `Established` for. They go in before Cilium: the operator checks for them once
// at start and otherwise silently disables Gateway API.

import type { CiliumCompat } from "../compat/compat-types.ts";
import type { GatewayApiPlan } from "./run-plan.ts";

const GROUP = "gateway.networking.k8s.io";
const RELEASES = "https://github.com/kubernetes-sigs/gateway-api/releases/download";
const RAW = "https://raw.githubusercontent.com/kubernetes-sigs/gateway-api";

// CRDs of the standard channel by release (config/crd/standard in kubernetes-sigs/gateway-api at
// each tag): GRPCRoute became standard in v1.1, BackendTLSPolicy in v1.4, TLSRoute in v1.5.
const STANDARD_BASE = ["gatewayclasses", "gateways", "httproutes", "referencegrants"];
const STANDARD_BY_MINOR: readonly { from: [number, number]; crds: readonly string[] }[] = [
  { from: [1, 5], crds: [...STANDARD_BASE, "grpcroutes", "backendtlspolicies", "tlsroutes"] },
  { from: [1, 4], crds: [...STANDARD_BASE, "grpcroutes", "backendtlspolicies"] },
  { from: [1, 1], crds: [...STANDARD_BASE, "grpcroutes"] },
  { from: [1, 0], crds: STANDARD_BASE },
];
// Experimental-only CRDs the experimental install adds (TCPRoute, UDPRoute, and TLSRoute before v1.5).
const EXPERIMENTAL_EXTRA = ["tcproutes", "udproutes"];

export function standardCrds(version: string): readonly string[] {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  const major = Number(match?.[1] ?? 0);
  const minor = Number(match?.[2] ?? 0);
  const entry = STANDARD_BY_MINOR.find(
    ({ from }) => major > from[0] || (major === from[0] && minor >= from[1]),
  );
  return entry?.crds ?? STANDARD_BASE;
}

export function planGatewayApi(compat: CiliumCompat): GatewayApiPlan {
  const { version, channel, extraExperimentalCrds } = compat.gatewayApi.value;
  const install = channel === "standard" ? "standard-install.yaml" : "experimental-install.yaml";
  const extras = [...extraExperimentalCrds];
  const plurals = new Set(standardCrds(version));
  if (channel === "experimental") {
    for (const crd of [...EXPERIMENTAL_EXTRA, "tlsroutes"]) plurals.add(crd);
  }
  for (const crd of extras) plurals.add(crd);
  return {
    version,
    channel,
    urls: [
      `${RELEASES}/${version}/${install}`,
      ...extras.map((crd) => `${RAW}/${version}/config/crd/experimental/${GROUP}_${crd}.yaml`),
    ],
    crdNames: [...plurals].map((plural) => `${plural}.${GROUP}`),
    extraExperimentalCrds: extras,
    source: compat.gatewayApi.source,
  };
}

/**
 * The plan with the CRDs taken from `source` (a file or an http(s) URL: `--gateway-api-crds`) in
 * place of the release bundle, e.g. a mirror on an air-gapped runner. Only where they come from
 * changes: the version, channel and the CRDs waited for `Established` stay what the chart requires,
 * so a mirror that lacks one of them fails that wait.
 */
export function withCrdSource(plan: GatewayApiPlan, source: string | undefined): GatewayApiPlan {
  if (source === undefined || source === "") return plan;
  return { ...plan, urls: [source], source: `${plan.source}; CRDs from ${source} (--gateway-api-crds)` };
}
