// Which Services this node competes for, and what it announces when it leads, as the L2
// announcer decides (pkg/l2announcer/l2announcer.go: upsertPolicy, upsertSvc, desiredEntries,
// svcAndMetaLabels), computed as a whole from the current objects instead of event by event:
// - a policy counts on this node only if its nodeSelector matches the node's labels (Cilium
//   reads them from the node's CiliumNode, which mirrors the Node's labels);
// - `interfaces` are Go regexes matched anywhere in a device name (regexp.MatchString), OR-ed;
//   none = every device the agent selected;
// - a Service counts when it has externalIPs or an LB ingress IP, its loadBalancerClass is unset
//   or io.cilium/l2-announcer, the policy's serviceSelector matches its labels plus
//   io.kubernetes.service.namespace/name, and the policy's flag for that IP kind is on;
// - the leader announces each LB ingress IP (loadBalancerIPs) and external IP (externalIPs) on
//   each device the policy selected.
// Invalid selectors or regexes set the policy's condition and leave the policy out.

import { RE2JS } from "re2js";
import { compileLabelSelector, type LabelSelector, type Labels } from "../../../k8s/label-selector.ts";

export const L2_ANNOUNCER_CLASS = "io.cilium/l2-announcer";
export const SERVICE_NAMESPACE_LABEL = "io.kubernetes.service.namespace";
export const SERVICE_NAME_LABEL = "io.kubernetes.service.name";

export type PolicyConditionType =
  | "io.cilium/bad-node-selector"
  | "io.cilium/bad-interface-regex"
  | "io.cilium/bad-service-selector";

export interface L2Policy {
  metadata: { name: string; generation?: number };
  spec?: {
    serviceSelector?: LabelSelector | null;
    nodeSelector?: LabelSelector | null;
    interfaces?: string[] | null;
    externalIPs?: boolean;
    loadBalancerIPs?: boolean;
  };
  status?: { conditions?: PolicyCondition[] };
}

export interface PolicyCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

export interface L2Service {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { externalIPs?: string[] | null; loadBalancerClass?: string | null };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

export interface AnnounceEntry {
  ip: string;
  device: string;
}

export interface SelectedService {
  key: string;
  namespace: string;
  name: string;
  policies: string[];
  /** What the leader puts in its L2 responder table. */
  entries: AnnounceEntry[];
}

/** A check's outcome for one policy: the error, or undefined when the check passed. */
export interface PolicyCheck {
  policy: string;
  type: PolicyConditionType;
  error: string | undefined;
}

export interface L2Selection {
  services: Map<string, SelectedService>;
  checks: PolicyCheck[];
}

export function serviceKey(service: { metadata: { name: string; namespace?: string } }): string {
  return `${service.metadata.namespace ?? ""}/${service.metadata.name}`;
}

function serviceLabels(service: L2Service): Labels {
  return {
    ...(service.metadata.labels ?? {}),
    [SERVICE_NAMESPACE_LABEL]: service.metadata.namespace ?? "",
    [SERVICE_NAME_LABEL]: service.metadata.name,
  };
}

function lbIps(service: L2Service): string[] {
  return (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? "").filter((ip) => ip !== "");
}

function isIpv4(ip: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);
}

interface ActivePolicy {
  name: string;
  matchesService: (labels: Labels) => boolean;
  devices: string[];
  externalIPs: boolean;
  loadBalancerIPs: boolean;
}

function activatePolicy(
  policy: L2Policy,
  nodeLabels: Labels,
  devices: readonly string[],
  checks: PolicyCheck[],
): ActivePolicy | undefined {
  const name = policy.metadata.name;
  const check = (type: PolicyConditionType, error: string | undefined) =>
    checks.push({ policy: name, type, error });
  const spec = policy.spec ?? {};
  if (spec.nodeSelector) {
    let matchesNode: (labels: Labels) => boolean;
    try {
      matchesNode = compileLabelSelector(spec.nodeSelector);
    } catch (error) {
      check("io.cilium/bad-node-selector", (error as Error).message);
      return undefined;
    }
    check("io.cilium/bad-node-selector", undefined);
    if (!matchesNode(nodeLabels)) return undefined;
  } else {
    check("io.cilium/bad-node-selector", undefined);
  }

  let selected: string[] = [];
  if (!spec.interfaces || spec.interfaces.length === 0) {
    selected = [...devices];
  } else {
    for (const pattern of spec.interfaces) {
      let regex: RE2JS;
      try {
        regex = RE2JS.compile(pattern);
      } catch (error) {
        check("io.cilium/bad-interface-regex", (error as Error).message);
        return undefined;
      }
      for (const device of devices) {
        if (!selected.includes(device) && regex.matcher(device).find()) selected.push(device);
      }
    }
  }
  check("io.cilium/bad-interface-regex", undefined);

  let matchesService: (labels: Labels) => boolean = () => true;
  if (spec.serviceSelector) {
    try {
      matchesService = compileLabelSelector(spec.serviceSelector);
    } catch (error) {
      check("io.cilium/bad-service-selector", (error as Error).message);
      return undefined;
    }
  }
  check("io.cilium/bad-service-selector", undefined);
  return {
    name,
    matchesService,
    devices: selected,
    externalIPs: spec.externalIPs === true,
    loadBalancerIPs: spec.loadBalancerIPs === true,
  };
}

export interface SelectionFaults {
  /** The policies' serviceSelector is ignored: every Service with an IP is announced. */
  ignoreServiceSelector?: boolean;
}

export function selectL2Services(input: {
  policies: readonly L2Policy[];
  services: readonly L2Service[];
  nodeLabels: Labels;
  devices: readonly string[];
  faults?: SelectionFaults;
}): L2Selection {
  const checks: PolicyCheck[] = [];
  const active = [...input.policies]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((policy) => activatePolicy(policy, input.nodeLabels, input.devices, checks))
    .filter((policy): policy is ActivePolicy => policy !== undefined);

  const services = new Map<string, SelectedService>();
  for (const service of input.services) {
    const externalIps = service.spec?.externalIPs ?? undefined;
    const ingressIps = lbIps(service);
    if (externalIps === undefined && ingressIps.length === 0) continue;
    const cls = service.spec?.loadBalancerClass;
    if (cls && cls !== L2_ANNOUNCER_CLASS) continue;
    const labels = serviceLabels(service);
    const byPolicies = active.filter(
      (policy) =>
        (input.faults?.ignoreServiceSelector || policy.matchesService(labels)) &&
        ((policy.externalIPs && externalIps !== undefined) ||
          (policy.loadBalancerIPs && ingressIps.length > 0)),
    );
    if (byPolicies.length === 0) continue;
    const entries: AnnounceEntry[] = [];
    const seen = new Set<string>();
    for (const policy of byPolicies) {
      const ips = [
        ...(policy.loadBalancerIPs ? ingressIps : []),
        ...(policy.externalIPs ? (externalIps ?? []) : []),
      ].filter(isIpv4);
      for (const ip of ips) {
        for (const device of policy.devices) {
          const key = `${ip}/${device}`;
          if (seen.has(key)) continue;
          seen.add(key);
          entries.push({ ip, device });
        }
      }
    }
    const key = serviceKey(service);
    services.set(key, {
      key,
      namespace: service.metadata.namespace ?? "",
      name: service.metadata.name,
      policies: byPolicies.map((p) => p.name),
      entries,
    });
  }
  return { services, checks };
}
