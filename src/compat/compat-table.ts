import type {
  CiliumCompat,
  GatewayApiRequirement,
  RemovedValuesKey,
  Sourced,
  ValuesKeyType,
} from "./compat-types.ts";

// Facts per Cilium minor, read from cilium/cilium at the release branches (see ../shared/CILIUM-FACTS.md).
// Paths are relative to the cilium/cilium repository unless they say otherwise.

const POOL_CRD_V2ALPHA1 = "pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliumloadbalancerippools.yaml";
const POOL_CRD_V2 = "pkg/k8s/apis/cilium.io/client/crds/v2/ciliumloadbalancerippools.yaml";
const L2_CRD = "pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliuml2announcementpolicies.yaml";
const LBIPAM_TYPES = "pkg/k8s/apis/cilium.io/v2alpha1/lbipam_types.go";
const LBIPAM_OPERATOR = "operator/pkg/lbipam/lbipam.go";
const ANNOTATIONS = "pkg/annotation/k8s.go";
const CHART_SCHEMA = "install/kubernetes/cilium/values.schema.json";
const CHART_VALUES = "install/kubernetes/cilium/values.yaml";
const GATEWAY_DOCS = "Documentation/network/servicemesh/gateway-api/gateway-api.rst";
const L2_AGENT = "pkg/l2announcer/l2announcer.go";
const CHART_VALIDATE = "install/kubernetes/cilium/templates/validate.yaml";
// Read in cilium/cilium-cli v0.19.7: vendor/github.com/cilium/cilium/cilium-cli/install/helm.go
// and the charts it embeds (vendor/github.com/cilium/charts/cilium-<version>.tgz).
const CLI_INSTALL = "cilium-cli v0.19.7 cilium-cli/install/helm.go getHelmValues";

const SCHEMA_TYPED_KEYS: readonly ValuesKeyType[] = [
  { key: "hubble.enabled", type: "boolean" },
  { key: "hubble.relay.enabled", type: "boolean" },
  { key: "hubble.ui.enabled", type: "boolean" },
  { key: "l2announcements.enabled", type: "boolean" },
  { key: "gatewayAPI.enabled", type: "boolean" },
  { key: "l7Proxy", type: "boolean" },
  { key: "externalIPs.enabled", type: "boolean" },
  { key: "k8sClientRateLimit.qps", type: "integer" },
  { key: "k8sClientRateLimit.burst", type: "integer" },
];

const s = <T>(value: T, source: string): Sourced<T> => ({ value, source });

const gateway = (
  version: string,
  extraExperimentalCrds: readonly string[],
  source: string,
): Sourced<GatewayApiRequirement> => s({ version, channel: "standard", extraExperimentalCrds }, source);

const removedExternalIps: RemovedValuesKey = {
  key: "externalIPs.enabled",
  removedIn: "1.17.6",
  replacement: "delete the key: kube-proxy replacement handles externalIPs itself",
};

const newAnnotations = {
  ipsAnnotation: s("lbipam.cilium.io/ips", ANNOTATIONS),
  ipsAnnotationLegacy: s(["io.cilium/lb-ipam-ips"] as const, ANNOTATIONS),
  sharingKeyAnnotation: s("lbipam.cilium.io/sharing-key", ANNOTATIONS),
  // LBIPAMSharingKeyAlias; operator/pkg/lbipam reads both names (annotation.Get).
  sharingKeyAnnotationLegacy: s(["io.cilium/lb-ipam-sharing-key"] as const, ANNOTATIONS),
  sharingCrossNamespaceAnnotation: s<string | undefined>(
    "lbipam.cilium.io/sharing-cross-namespace",
    ANNOTATIONS,
  ),
};

const common = {
  l2PolicyApiVersion: s("cilium.io/v2alpha1", L2_CRD),
  serviceConditionType: s("cilium.io/IPAMRequestSatisfied", LBIPAM_OPERATOR),
  l2LeaseDefaults: s(
    { leaseDuration: "15s", leaseRenewDeadline: "5s", leaseRetryPeriod: "2s" },
    `${CHART_VALUES} (l2announcements.lease* comments)`,
  ),
  booleanValueDefaults: s(
    {
      "hubble.enabled": true,
      "hubble.relay.enabled": false,
      "hubble.ui.enabled": false,
      "l2announcements.enabled": false,
      "gatewayAPI.enabled": false,
      l7Proxy: true,
      "externalIPs.enabled": false,
    },
    CHART_VALUES,
  ),
  gatewayClass: s(
    { name: "cilium", controllerName: "io.cilium/gateway-controller" },
    "install/kubernetes/cilium/templates/cilium-gateway-api-class.yaml; operator/pkg/gateway-api/controller.go",
  ),
  chartDefaultsCliOverrides: s(
    { "cluster.name": "default", "ipam.mode": "cluster-pool", "operator.replicas": 2 },
    `${CHART_VALUES} (cluster.name, ipam.mode, operator.replicas; the same from 1.15.19 to 1.20.0-pre.3)`,
  ),
  clusterPoolPodCidrsDefault: s(
    ["10.0.0.0/8"] as const,
    `${CHART_VALUES} (ipam.operator.clusterPoolIPv4PodCIDRList)`,
  ),
  firstLastReservationMinAddresses: s(
    3,
    `${LBIPAM_OPERATOR} (reserves first/last only when they are neither equal nor adjacent: /30, /126 and larger)`,
  ),
};

const typedKeys = s(SCHEMA_TYPED_KEYS, CHART_SCHEMA);

const rateLimitBefore117 = s(
  { qps: 10, burst: 20, beforeKubernetes127: { qps: 5, burst: 10 } },
  `${CHART_VALUES} (k8sClientRateLimit @default: 5/10 up to k8s 1.26, 10/20 from 1.27)`,
);
const rateLimitFrom117 = s({ qps: 10, burst: 20 }, `${CHART_VALUES} (k8sClientRateLimit @default 10/20)`);

const installable = s(true, `${CLI_INSTALL} (versioncheck ">=1.16.0")`);

// From 1.16 the chart refuses a cluster.name over 32 characters or not a DNS-label-like name
// (skipped only with upgradeCompatibility <= 1.15).
const clusterNameChecked = s(
  { defaultName: "default", maxLength: 32, pattern: "^([a-z0-9][-a-z0-9]*)?[a-z0-9]$" },
  `${CHART_VALIDATE} ("validate cluster name"); ${CHART_VALUES} (cluster.name: default)`,
);

const booleanKpr = s(
  ["true", "false"] as const,
  `${CHART_SCHEMA} (kubeProxyReplacement); daemon/cmd/kube_proxy_replacement.go`,
);

export const compatTable: readonly CiliumCompat[] = [
  {
    minor: "1.15",
    latestPatch: "1.15.19",
    poolApiVersions: s(["cilium.io/v2alpha1"], POOL_CRD_V2ALPHA1),
    poolApiVersionsDeprecated: s([], POOL_CRD_V2ALPHA1),
    poolCidrsField: s(true, LBIPAM_TYPES),
    firstLastIpsAllocatedByDefault: s(
      false,
      `${LBIPAM_OPERATOR} (allowFirstLastIPs defaults to "No" in 1.15)`,
    ),
    ...common,
    ipsAnnotation: s("io.cilium/lb-ipam-ips", ANNOTATIONS),
    ipsAnnotationLegacy: s([], ANNOTATIONS),
    sharingKeyAnnotation: s("io.cilium/lb-ipam-sharing-key", ANNOTATIONS),
    sharingKeyAnnotationLegacy: s([], ANNOTATIONS),
    sharingCrossNamespaceAnnotation: s(undefined, ANNOTATIONS),
    kubeProxyReplacementForms: s(
      ["true", "false", "strict", "partial", "disabled"],
      "daemon/cmd/kube_proxy_replacement.go (1.15 still maps strict/partial/disabled)",
    ),
    hasValuesSchema: s(false, "install/kubernetes/cilium/ (no values.schema.json in 1.15)"),
    gatewayApi: gateway("v1.0.0", ["tlsroutes", "grpcroutes"], `${GATEWAY_DOCS} (v1.15)`),
    l2Ndp: s(false, L2_AGENT),
    valuesKeyTypes: s(
      SCHEMA_TYPED_KEYS,
      `${CHART_VALUES} (1.15: no schema; types from the "(int)" doc comments)`,
    ),
    k8sClientRateLimitDefault: rateLimitBefore117,
    k8sServiceHostAuto: s(false, CHART_VALUES),
    k8sServiceHostRef: s(false, CHART_VALUES),
    removedValuesKeys: s([], CHART_VALUES),
    installableByPinnedCli: s(
      false,
      `${CLI_INSTALL}: anything below 1.16.0 fails with "cilium version unsupported", although the 1.15 charts are embedded`,
    ),
    clusterName: s(
      { defaultName: "default", maxLength: undefined, pattern: undefined },
      `${CHART_VALIDATE} (1.15 checks only that it is not empty); ${CHART_VALUES}`,
    ),
  },
  {
    minor: "1.16",
    latestPatch: "1.16.19",
    poolApiVersions: s(["cilium.io/v2alpha1"], POOL_CRD_V2ALPHA1),
    poolApiVersionsDeprecated: s([], POOL_CRD_V2ALPHA1),
    poolCidrsField: s(false, LBIPAM_TYPES),
    firstLastIpsAllocatedByDefault: s(
      true,
      `${LBIPAM_OPERATOR} (allowFirstLastIPs defaults to allocate from 1.16)`,
    ),
    ...common,
    ...newAnnotations,
    kubeProxyReplacementForms: booleanKpr,
    hasValuesSchema: s(true, CHART_SCHEMA),
    gatewayApi: gateway("v1.1.0", ["tlsroutes"], `${GATEWAY_DOCS} (v1.16)`),
    l2Ndp: s(false, L2_AGENT),
    valuesKeyTypes: typedKeys,
    k8sClientRateLimitDefault: rateLimitBefore117,
    k8sServiceHostAuto: s(false, CHART_VALUES),
    k8sServiceHostRef: s(false, CHART_VALUES),
    removedValuesKeys: s([], CHART_VALUES),
    installableByPinnedCli: installable,
    clusterName: clusterNameChecked,
  },
  {
    minor: "1.17",
    latestPatch: "1.17.17",
    poolApiVersions: s(["cilium.io/v2alpha1"], POOL_CRD_V2ALPHA1),
    poolApiVersionsDeprecated: s([], POOL_CRD_V2ALPHA1),
    poolCidrsField: s(false, LBIPAM_TYPES),
    firstLastIpsAllocatedByDefault: s(true, LBIPAM_OPERATOR),
    ...common,
    ...newAnnotations,
    kubeProxyReplacementForms: booleanKpr,
    hasValuesSchema: s(true, CHART_SCHEMA),
    gatewayApi: gateway("v1.2.0", [], `${GATEWAY_DOCS} (v1.17)`),
    l2Ndp: s(false, L2_AGENT),
    valuesKeyTypes: typedKeys,
    k8sClientRateLimitDefault: rateLimitFrom117,
    k8sServiceHostAuto: s(true, `${CHART_VALUES} (k8sServiceHost "auto", from 1.17)`),
    k8sServiceHostRef: s(false, CHART_VALUES),
    removedValuesKeys: s([removedExternalIps], `${CHART_VALUES} (v1.17.6)`),
    installableByPinnedCli: installable,
    clusterName: clusterNameChecked,
  },
  {
    minor: "1.18",
    latestPatch: "1.18.11",
    poolApiVersions: s(["cilium.io/v2", "cilium.io/v2alpha1"], POOL_CRD_V2),
    poolApiVersionsDeprecated: s([], POOL_CRD_V2),
    poolCidrsField: s(false, "pkg/k8s/apis/cilium.io/v2/lbipam_types.go"),
    firstLastIpsAllocatedByDefault: s(true, LBIPAM_OPERATOR),
    ...common,
    ...newAnnotations,
    kubeProxyReplacementForms: booleanKpr,
    hasValuesSchema: s(true, CHART_SCHEMA),
    gatewayApi: gateway("v1.2.0", [], `${GATEWAY_DOCS} (v1.18)`),
    l2Ndp: s(false, L2_AGENT),
    valuesKeyTypes: typedKeys,
    k8sClientRateLimitDefault: rateLimitFrom117,
    k8sServiceHostAuto: s(true, `${CHART_VALUES} (k8sServiceHost "auto")`),
    k8sServiceHostRef: s(true, `${CHART_VALUES} (k8sServiceHostRef, from 1.18)`),
    removedValuesKeys: s([{ ...removedExternalIps, removedIn: "1.18.0" }], `${CHART_VALUES} (v1.18.0)`),
    installableByPinnedCli: installable,
    clusterName: clusterNameChecked,
  },
  {
    minor: "1.19",
    latestPatch: "1.19.5",
    poolApiVersions: s(["cilium.io/v2", "cilium.io/v2alpha1"], POOL_CRD_V2),
    poolApiVersionsDeprecated: s(["cilium.io/v2alpha1"], `${POOL_CRD_V2} (v2alpha1 deprecated: true)`),
    poolCidrsField: s(false, "pkg/k8s/apis/cilium.io/v2/lbipam_types.go"),
    firstLastIpsAllocatedByDefault: s(true, LBIPAM_OPERATOR),
    ...common,
    ...newAnnotations,
    kubeProxyReplacementForms: booleanKpr,
    hasValuesSchema: s(true, CHART_SCHEMA),
    gatewayApi: gateway("v1.3.0", [], `${GATEWAY_DOCS} (v1.19; go.mod already pins v1.4.0)`),
    l2Ndp: s(true, L2_AGENT),
    valuesKeyTypes: typedKeys,
    k8sClientRateLimitDefault: rateLimitFrom117,
    k8sServiceHostAuto: s(true, `${CHART_VALUES} (k8sServiceHost "auto")`),
    k8sServiceHostRef: s(true, `${CHART_VALUES} (k8sServiceHostRef, from 1.18)`),
    removedValuesKeys: s([{ ...removedExternalIps, removedIn: "1.18.0" }], CHART_VALUES),
    installableByPinnedCli: installable,
    clusterName: clusterNameChecked,
  },
  {
    minor: "1.20",
    latestPatch: "1.20.0-pre.3",
    poolApiVersions: s(["cilium.io/v2", "cilium.io/v2alpha1"], POOL_CRD_V2),
    poolApiVersionsDeprecated: s(["cilium.io/v2alpha1"], POOL_CRD_V2),
    poolCidrsField: s(false, "pkg/k8s/apis/cilium.io/v2/lbipam_types.go"),
    firstLastIpsAllocatedByDefault: s(true, LBIPAM_OPERATOR),
    ...common,
    ...newAnnotations,
    kubeProxyReplacementForms: booleanKpr,
    hasValuesSchema: s(true, CHART_SCHEMA),
    gatewayApi: gateway("v1.5.1", [], `${GATEWAY_DOCS} (main; TLSRoute is standard from Gateway API v1.5)`),
    l2Ndp: s(true, L2_AGENT),
    valuesKeyTypes: typedKeys,
    k8sClientRateLimitDefault: rateLimitFrom117,
    k8sServiceHostAuto: s(true, `${CHART_VALUES} (k8sServiceHost "auto")`),
    k8sServiceHostRef: s(true, `${CHART_VALUES} (k8sServiceHostRef, from 1.18)`),
    removedValuesKeys: s([{ ...removedExternalIps, removedIn: "1.18.0" }], CHART_VALUES),
    installableByPinnedCli: installable,
    clusterName: clusterNameChecked,
  },
];
