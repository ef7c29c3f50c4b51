// Builds InfraModels for plan tests from YAML snippets, through the repo layer's own parsers
// (so manifests have real line numbers), without a repo on disk.

import { parseBaseKindConfig } from "../../src/plan/kind-config.ts";
import { defaultPaths, defaultPromises } from "../../src/repo/conformance-config.ts";
import type { InfraModel, LanFacts, Located } from "../../src/repo/infra-model.ts";
import { valuesModelFromYaml } from "../../src/repo/values-model.ts";
import { parseManifests } from "../../src/repo/yaml-documents.ts";
import { ciliumReleaseModel } from "../support/cilium-release-yaml.ts";

export const SEED_VALUES = `kubeProxyReplacement: true
k8sServiceHost: 192.168.5.10
k8sServicePort: 6443
devices:
  - eno+
  - enp+
l2announcements:
  enabled: true
  leaseDuration: 15s
  leaseRenewDeadline: 5s
gatewayAPI:
  enabled: true
hubble:
  relay:
    enabled: true
`;

export const SEED_POOL = `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: home-compute-pool
spec:
  blocks:
    - start: 192.168.5.30
      stop: 192.168.5.255
`;

export const SEED_POLICY = `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: home-l2
spec:
  nodeSelector:
    matchExpressions:
      - key: node-role.kubernetes.io/control-plane
        operator: DoesNotExist
  interfaces:
    - ^eno[0-9]+$
  loadBalancerIPs: true
`;

export interface ModelParts {
  chartVersion?: string;
  values?: string;
  pools?: string;
  policies?: string;
  lan?: Partial<LanFacts>;
}

const at = <T>(value: T, line = 3): Located<T> => ({
  value,
  location: { file: ".cilium-conformance.yaml", line },
});
export const located = at;

export function modelFrom(parts: ModelParts = {}): InfraModel {
  return {
    root: "/repo",
    config: {
      file: undefined,
      paths: defaultPaths,
      lan: { cidr: undefined, gateway: undefined, nics: undefined, dhcpRange: undefined, ...parts.lan },
      promises: defaultPromises,
    },
    helmRelease: ciliumReleaseModel(
      parts.chartVersion ?? "1.18.11",
      "infra/controllers/cilium/helm-release.yaml",
    ),
    values: valuesModelFromYaml(parts.values ?? SEED_VALUES, "infra/controllers/cilium/values.yaml"),
    pools: parseManifests(parts.pools ?? SEED_POOL, "infra/configs/cilium/load-balancer-ip-pool.yaml"),
    l2Policies: parseManifests(
      parts.policies ?? SEED_POLICY,
      "infra/configs/cilium/l2-announcement-policy.yaml",
    ),
    gatewayClasses: [],
    gateways: [],
    httpRoutes: [],
    files: [],
  };
}

export const BASE_KIND_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  disableDefaultCNI: true
  kubeProxyMode: none
nodes:
  - role: control-plane
  - role: worker
  - role: worker
`;

export const baseKind = (text = BASE_KIND_CONFIG) => parseBaseKindConfig(text, "kind-config.yaml");
