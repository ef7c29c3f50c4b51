// Builds an InfraModel from YAML snippets, the way the loader would, for rule tests.
import type { CheckRule, Finding } from "../../src/checks/finding.ts";
import type { InfraModel, LanFacts, Manifest, Promises } from "../../src/repo/infra-model.ts";
import { valuesModelFromYaml } from "../../src/repo/values-model.ts";
import { parseManifests } from "../../src/repo/yaml-documents.ts";
import { ciliumReleaseModel } from "../support/cilium-release-yaml.ts";

export const VALUES_FILE = "infra/controllers/cilium/values.yaml";
export const POOL_FILE = "infra/configs/cilium/load-balancer-ip-pool.yaml";
export const L2_FILE = "infra/configs/cilium/l2-announcement-policy.yaml";
export const GATEWAY_FILE = "apps/gateway/gateway.yaml";
export const ROUTE_FILE = "apps/whoami/http-route.yaml";
export const CONFIG_FILE = ".cilium-conformance.yaml";

export const NO_PROMISES: Promises = {
  kubeProxyReplacement: false,
  l2Announcements: false,
  lbIpam: false,
  gatewayApi: false,
  hubble: false,
  hubbleRelay: false,
  hubbleUi: false,
};

export const SEED_PROMISES: Promises = {
  kubeProxyReplacement: true,
  l2Announcements: true,
  lbIpam: true,
  gatewayApi: true,
  hubble: true,
  hubbleRelay: true,
  hubbleUi: true,
};

export interface ModelInput {
  /** Chart version pinned in the HelmRelease; default 1.18.11. */
  version?: string;
  /** The values file's YAML. */
  values?: string;
  /** Manifests by repo-relative file. */
  files?: Record<string, string>;
  promises?: Partial<Promises>;
  lan?: {
    cidr?: string;
    gateway?: string;
    nics?: string[];
    dhcpRange?: { start: string; stop: string };
    nodes?: string[];
  };
  /** Whether a `.cilium-conformance.yaml` declared the facts (changes message wording only). */
  withConfigFile?: boolean;
}

const RELEASE_FILE = "infra/controllers/cilium/helm-release.yaml";

export function buildModel(input: ModelInput = {}): InfraModel {
  const version = input.version ?? "1.18.11";
  const manifests: Manifest[] = Object.entries(input.files ?? {}).flatMap(([file, text]) =>
    parseManifests(text, file),
  );
  const ofKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
  const at = { file: CONFIG_FILE, line: 3 };
  const lan: LanFacts = {
    cidr: input.lan?.cidr ? { value: input.lan.cidr, location: at } : undefined,
    gateway: input.lan?.gateway ? { value: input.lan.gateway, location: { ...at, line: 4 } } : undefined,
    nics: input.lan?.nics ? { value: input.lan.nics, location: { ...at, line: 5 } } : undefined,
    dhcpRange: input.lan?.dhcpRange
      ? { value: input.lan.dhcpRange, location: { ...at, line: 6 } }
      : undefined,
    ...(input.lan?.nodes
      ? { nodes: input.lan.nodes.map((value, index) => ({ value, location: { ...at, line: 8 + index } })) }
      : {}),
  };
  return {
    root: "/repo",
    config: {
      file: input.withConfigFile ? CONFIG_FILE : undefined,
      paths: {
        ciliumRelease: "infra/controllers/cilium",
        values: VALUES_FILE,
        pool: POOL_FILE,
        l2Policy: L2_FILE,
        scan: ["infra", "apps"],
      },
      lan,
      promises: { ...NO_PROMISES, ...input.promises },
    },
    helmRelease: ciliumReleaseModel(version, RELEASE_FILE),
    values: valuesModelFromYaml(input.values ?? "", VALUES_FILE),
    pools: ofKind("CiliumLoadBalancerIPPool"),
    l2Policies: ofKind("CiliumL2AnnouncementPolicy"),
    gatewayClasses: ofKind("GatewayClass"),
    gateways: ofKind("Gateway"),
    httpRoutes: ofKind("HTTPRoute"),
    services: ofKind("Service").filter(
      (service) => (service.body.spec as { type?: unknown } | undefined)?.type === "LoadBalancer",
    ),
    allServices: ofKind("Service"),
    otherRoutes: ["GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"].flatMap(ofKind),
    manifests,
    files: [RELEASE_FILE, VALUES_FILE, ...Object.keys(input.files ?? {})],
  };
}

/** Runs one rule on a model built from the input. */
export function findingsOf(rule: CheckRule, input: ModelInput = {}): readonly Finding[] {
  return rule.check(buildModel(input));
}

/** A pool manifest with the given spec lines (indented under `spec:`). */
export function poolYaml(name: string, specLines: string, apiVersion = "cilium.io/v2"): string {
  return `apiVersion: ${apiVersion}
kind: CiliumLoadBalancerIPPool
metadata:
  name: ${name}
spec:
${specLines}`;
}
