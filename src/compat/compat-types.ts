// What the harness must know about one Cilium minor. Each fact carries the path in
// cilium/cilium (or cilium-cli) where it was read, so it can be re-checked on the next release.

export interface Sourced<T> {
  value: T;
  source: string;
}

export interface GatewayApiRequirement {
  /** Gateway API release whose CRDs the operator expects, e.g. "v1.2.0". */
  version: string;
  /** Channel of the main install: standard-install.yaml or experimental-install.yaml. */
  channel: "standard" | "experimental";
  /** Experimental CRDs needed on top of the standard channel (file stems under config/crd/experimental). */
  extraExperimentalCrds: readonly string[];
}

export interface RemovedValuesKey {
  /** Dotted Helm values key. */
  key: string;
  /** First chart version (inclusive) that no longer has it. */
  removedIn: string;
  /** What to do instead. */
  replacement: string;
}

/** A Helm values key whose type the chart documents (and, from 1.16, its values.schema.json enforces). */
export interface ValuesKeyType {
  /** Dotted Helm values key. */
  key: string;
  type: "boolean" | "integer";
}

export interface ClientRateLimitDefault {
  qps: number;
  burst: number;
  /** Lower defaults the chart applies on older Kubernetes, when they differ. */
  beforeKubernetes127?: { qps: number; burst: number };
}

export interface L2LeaseDefaults {
  /** Go durations, as the chart takes them. */
  leaseDuration: string;
  leaseRenewDeadline: string;
  leaseRetryPeriod: string;
}

/** How the chart validates and defaults `cluster.name` (templates/validate.yaml, values.yaml). */
export interface ClusterNameRule {
  /** The chart's default, used when the values do not set one. */
  defaultName: string;
  /** Longest name the chart accepts; undefined when it does not check the length. */
  maxLength: number | undefined;
  /** RE2 pattern the name must match; undefined when the chart does not check it. */
  pattern: string | undefined;
}

export interface CiliumCompat {
  /** "1.18" */
  minor: string;
  /** Newest released patch known for this minor. */
  latestPatch: string;
  /** Pool apiVersions this minor serves; the first is the one to write. */
  poolApiVersions: Sourced<readonly string[]>;
  /** Served but deprecated pool apiVersions. */
  poolApiVersionsDeprecated: Sourced<readonly string[]>;
  /** Whether pools may still use `spec.cidrs` (only up to 1.15). */
  poolCidrsField: Sourced<boolean>;
  /** Whether the first and last IP of a `cidr` block are handed out unless `allowFirstLastIPs` says otherwise. */
  firstLastIpsAllocatedByDefault: Sourced<boolean>;
  l2PolicyApiVersion: Sourced<string>;
  /** Annotation that requests specific LB IPs. */
  ipsAnnotation: Sourced<string>;
  /** Older annotation names still read by this minor. */
  ipsAnnotationLegacy: Sourced<readonly string[]>;
  sharingKeyAnnotation: Sourced<string>;
  /** Older sharing-key names still read by this minor (an alias of the current one). */
  sharingKeyAnnotationLegacy: Sourced<readonly string[]>;
  sharingCrossNamespaceAnnotation: Sourced<string | undefined>;
  serviceConditionType: Sourced<string>;
  /** Values `kubeProxyReplacement` accepts (as strings; booleans are "true"/"false"). */
  kubeProxyReplacementForms: Sourced<readonly string[]>;
  /** Whether the chart ships values.schema.json. */
  hasValuesSchema: Sourced<boolean>;
  gatewayApi: Sourced<GatewayApiRequirement>;
  /** Whether L2 announcements also answer IPv6 neighbour discovery. */
  l2Ndp: Sourced<boolean>;
  removedValuesKeys: Sourced<readonly RemovedValuesKey[]>;
  /** Typed values keys the checks verify (from the chart's schema, or its `(int)` doc comments in 1.15). */
  valuesKeyTypes: Sourced<readonly ValuesKeyType[]>;
  /** Agent client rate limit when `k8sClientRateLimit.qps`/`.burst` are unset. */
  k8sClientRateLimitDefault: Sourced<ClientRateLimitDefault>;
  /** L2 lease timings when `l2announcements.lease*` are unset. */
  l2LeaseDefaults: Sourced<L2LeaseDefaults>;
  /** Whether `k8sServiceHost: auto` (lookup from the cluster-info ConfigMap) is supported. */
  k8sServiceHostAuto: Sourced<boolean>;
  /** Whether `k8sServiceHostRef` (host and port from a ConfigMap) is supported. */
  k8sServiceHostRef: Sourced<boolean>;
  /**
   * `allowFirstLastIPs: "No"` reserves the first and last IP only of `cidr` blocks with at least this
   * many addresses (a /31 or /32 is never reserved; start/stop blocks never are).
   */
  firstLastReservationMinAddresses: Sourced<number>;
  /** Chart defaults of the boolean values the checks read (`hubble.enabled` is on by default). */
  booleanValueDefaults: Sourced<Readonly<Record<string, boolean>>>;
  /** The GatewayClass the chart creates and the controllerName Cilium's operator reconciles. */
  gatewayClass: Sourced<{ name: string; controllerName: string }>;
  /** Whether the pinned cilium CLI can `cilium install` this minor at all. */
  installableByPinnedCli: Sourced<boolean>;
  /** `cluster.name`: the chart's default and what its validation accepts. */
  clusterName: Sourced<ClusterNameRule>;
  /**
   * Chart defaults of the values the cilium CLI would otherwise set on kind when the repo leaves
   * them unset (see cilium-cli-facts.ts): dotted key → the chart's own default.
   */
  chartDefaultsCliOverrides: Sourced<Readonly<Record<string, JsonLike>>>;
  /** The chart's default cluster-pool pod CIDRs (`ipam.operator.clusterPoolIPv4PodCIDRList`). */
  clusterPoolPodCidrsDefault: Sourced<readonly string[]>;
}

/** Plain JSON values (the compat table stays free of the plan's types). */
export type JsonLike = string | number | boolean | null;
