// What kube-proxy replacement serves, from Services and EndpointSlices, as Cilium's load-balancer
// control plane derives it (pkg/loadbalancer/reflectors/k8s.go convertService/convertEndpoints,
// pkg/k8s/service.go, pkg/k8s/endpoints.go):
// - ClusterIP on each IPv4 cluster IP; NodePort (NodePort and LoadBalancer Services) on each
//   node address of the selected devices (nodeport-addresses narrows them); LoadBalancer on each
//   status.loadBalancer.ingress IP; externalIPs on each spec.externalIPs entry;
// - backends: endpoints whose `ready` is unset or true; only when none is, the terminating ones
//   still `serving` (graceful termination); a port is matched by the Service port's name;
// - externalTrafficPolicy Local keeps only this node's backends for NodePort, LoadBalancer and
//   external IPs; internalTrafficPolicy Local does so for the cluster IP;
// - headless Services, ExternalName Services and Services labelled for another service proxy
//   (service.kubernetes.io/service-proxy-name) get nothing.
// A Service a CiliumEnvoyConfig lists (Gateway API, Ingress) is an L7 load balancer: its
// frontends are redirected to the node's Envoy instead of to backends.

export type Protocol = "TCP" | "UDP";
export type FrontendType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalIP" | "HostPort";

export interface WireServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

export interface WireService {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ports?: WireServicePort[];
    externalIPs?: string[];
    externalTrafficPolicy?: string;
    internalTrafficPolicy?: string;
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

export interface WireEndpointSlice {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  addressType?: string;
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
    nodeName?: string;
    targetRef?: { kind?: string; name?: string; namespace?: string };
  }[];
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
}

export interface Backend {
  ip: string;
  port: number;
  nodeName: string | undefined;
  podName: string | undefined;
  local: boolean;
}

export interface Frontend {
  key: string;
  ip: string;
  port: number;
  protocol: Protocol;
  type: FrontendType;
  service: { namespace: string; name: string };
  backends: Backend[];
  /** Set for an L7 load balancer Service: traffic goes to the node's Envoy. */
  l7Proxy: boolean;
}

export interface FrontendInputs {
  services: readonly WireService[];
  endpointSlices: readonly WireEndpointSlice[];
  nodeName: string;
  /** IPv4 addresses of the selected devices that serve NodePorts. */
  nodePortAddresses: readonly string[];
  /** "namespace/name" of Services a CiliumEnvoyConfig redirects to Envoy. */
  l7Services?: ReadonlySet<string>;
  /** k8s-service-proxy-name (empty: only Services without the label). */
  serviceProxyName?: string;
}

const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
const PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
const HEADLESS_LABEL = "service.kubernetes.io/headless";

export const frontendKey = (ip: string, port: number, protocol: Protocol) => `${ip}:${port}/${protocol}`;

function isIpv4(ip: string | undefined): ip is string {
  return ip !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);
}

function protocolOf(text: string | undefined): Protocol | undefined {
  const p = (text ?? "TCP").toUpperCase();
  return p === "TCP" || p === "UDP" ? p : undefined;
}

function backendsFor(
  port: WireServicePort,
  slices: readonly WireEndpointSlice[],
  nodeName: string,
): Backend[] {
  const active: Backend[] = [];
  const terminating: Backend[] = [];
  const protocol = protocolOf(port.protocol);
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== "IPv4") continue;
    const slicePort = (slice.ports ?? []).find(
      (p) => (p.name ?? "") === (port.name ?? "") && protocolOf(p.protocol) === protocol,
    );
    if (!slicePort?.port) continue;
    for (const endpoint of slice.endpoints ?? []) {
      const conditions = endpoint.conditions ?? {};
      const ready = conditions.ready === undefined || conditions.ready === null || conditions.ready;
      const serving = conditions.serving ?? ready;
      for (const ip of endpoint.addresses.filter(isIpv4)) {
        const backend: Backend = {
          ip,
          port: slicePort.port,
          nodeName: endpoint.nodeName,
          podName: endpoint.targetRef?.kind === "Pod" ? endpoint.targetRef.name : undefined,
          local: endpoint.nodeName === nodeName,
        };
        if (ready) active.push(backend);
        else if (conditions.terminating && serving) terminating.push(backend);
      }
    }
  }
  return active.length > 0 ? active : terminating;
}

export function serviceFrontends(inputs: FrontendInputs): Frontend[] {
  const frontends: Frontend[] = [];
  const slicesByService = new Map<string, WireEndpointSlice[]>();
  for (const slice of inputs.endpointSlices) {
    const owner = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!owner) continue;
    const key = `${slice.metadata.namespace ?? ""}/${owner}`;
    slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
  }
  for (const service of inputs.services) {
    const spec = service.spec ?? {};
    const labels = service.metadata.labels ?? {};
    if ((labels[PROXY_NAME_LABEL] ?? "") !== (inputs.serviceProxyName ?? "")) continue;
    if (HEADLESS_LABEL in labels) continue;
    if (spec.type === "ExternalName") continue;
    const namespace = service.metadata.namespace ?? "";
    const id = { namespace, name: service.metadata.name };
    const key = `${namespace}/${service.metadata.name}`;
    const slices = slicesByService.get(key) ?? [];
    const l7Proxy = inputs.l7Services?.has(key) ?? false;
    const clusterIps = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter(isIpv4);
    if (spec.clusterIP === "None") continue;
    const externalLocal = spec.externalTrafficPolicy === "Local";
    const internalLocal = spec.internalTrafficPolicy === "Local";
    const lbIps =
      spec.type === "LoadBalancer"
        ? (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter(isIpv4)
        : [];
    for (const port of spec.ports ?? []) {
      const protocol = protocolOf(port.protocol);
      if (!protocol) continue;
      const all = backendsFor(port, slices, inputs.nodeName);
      const add = (ip: string, portNumber: number, type: FrontendType, local: boolean) =>
        frontends.push({
          key: frontendKey(ip, portNumber, protocol),
          ip,
          port: portNumber,
          protocol,
          type,
          service: id,
          backends: local ? all.filter((b) => b.local) : all,
          l7Proxy,
        });
      for (const ip of clusterIps) add(ip, port.port, "ClusterIP", internalLocal);
      if ((spec.type === "NodePort" || spec.type === "LoadBalancer") && port.nodePort) {
        for (const ip of inputs.nodePortAddresses) add(ip, port.nodePort, "NodePort", externalLocal);
      }
      for (const ip of lbIps) add(ip, port.port, "LoadBalancer", externalLocal);
      for (const ip of (spec.externalIPs ?? []).filter(isIpv4))
        add(ip, port.port, "ExternalIP", externalLocal);
    }
  }
  return frontends;
}

export interface WirePod {
  metadata: { name: string; namespace?: string; uid?: string };
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    containers?: {
      ports?: { containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }[];
    }[];
    initContainers?: {
      ports?: { containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }[];
    }[];
  };
  status?: { podIP?: string; phase?: string };
}

/**
 * hostPort as kube-proxy replacement serves it (pkg/loadbalancer/reflectors/k8s.go
 * upsertHostPort): for each port of this node's pods with a hostPort outside the NodePort range,
 * a frontend on every node address — or only on hostIP when one is set — leading to the pod's
 * IP and containerPort.
 */
export function hostPortFrontends(input: {
  pods: readonly WirePod[];
  nodeName: string;
  nodeAddresses: readonly string[];
  nodePortRange: { min: number; max: number };
}): Frontend[] {
  const frontends: Frontend[] = [];
  for (const pod of input.pods) {
    const spec = pod.spec ?? {};
    const podIp = pod.status?.podIP;
    if (spec.nodeName !== input.nodeName || spec.hostNetwork || !isIpv4(podIp)) continue;
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      for (const port of container.ports ?? []) {
        const hostPort = port.hostPort ?? 0;
        if (hostPort <= 0 || (hostPort >= input.nodePortRange.min && hostPort <= input.nodePortRange.max))
          continue;
        const protocol = protocolOf(port.protocol);
        if (!protocol) continue;
        const hostIp = port.hostIP && port.hostIP !== "0.0.0.0" ? port.hostIP : undefined;
        if (hostIp?.startsWith("127.")) continue;
        const backend: Backend = {
          ip: podIp,
          port: port.containerPort,
          nodeName: input.nodeName,
          podName: pod.metadata.name,
          local: true,
        };
        for (const ip of hostIp ? [hostIp] : input.nodeAddresses) {
          frontends.push({
            key: frontendKey(ip, hostPort, protocol),
            ip,
            port: hostPort,
            protocol,
            type: "HostPort",
            service: { namespace: pod.metadata.namespace ?? "", name: "" },
            backends: [backend],
            l7Proxy: false,
          });
        }
      }
    }
  }
  return frontends;
}
