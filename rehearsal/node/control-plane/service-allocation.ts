// Services as kube-apiserver admits them (kubernetes/kubernetes pkg/registry/core/service/
// storage, ipallocator, portallocator; pkg/apis/core/v1/defaults.go): type ClusterIP by default,
// ports TCP with targetPort = port, session affinity None, single-stack IPv4, internal traffic
// policy Cluster (external Cluster for NodePort/LoadBalancer); a ClusterIP from the Service CIDR
// (the first address is the `kubernetes` Service's), a NodePort in 30000–32767 for each port of a
// NodePort or LoadBalancer Service; both kept across updates and released when the Service goes.
// A requested address or port already taken is refused as the real allocator refuses it (422).

import { StatusError } from "../../kube-api/status.ts";

type Json = Record<string, unknown>;

function ipToNumber(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export class ServiceAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly ips = new Map<string, string>();
  private readonly ports = new Map<number, string>();
  private readonly portRange: [number, number];
  private readonly random: () => number;

  constructor(
    serviceCidr: string,
    portRange: [number, number] = [30000, 32767],
    random: () => number = Math.random,
  ) {
    const [base = "10.96.0.0", bits = "16"] = serviceCidr.split("/");
    this.base = ipToNumber(base);
    this.size = 2 ** (32 - Number(bits));
    this.portRange = portRange;
    this.random = random;
  }

  private inRange(ip: string): boolean {
    const value = ipToNumber(ip);
    return value > this.base && value < this.base + this.size - 1;
  }

  allocateIp(owner: string, wanted?: string): string {
    if (wanted) {
      if (!this.inRange(wanted)) {
        throw new StatusError(
          422,
          "Invalid",
          `Service "${owner}" is invalid: spec.clusterIPs: Invalid value: ["${wanted}"]: failed to allocate IP ${wanted}: the provided IP (${wanted}) is not in the valid range`,
        );
      }
      const holder = this.ips.get(wanted);
      if (holder && holder !== owner) {
        throw new StatusError(
          422,
          "Invalid",
          `Service "${owner}" is invalid: spec.clusterIPs: Invalid value: ["${wanted}"]: failed to allocate IP ${wanted}: provided IP is already allocated`,
        );
      }
      this.ips.set(wanted, owner);
      return wanted;
    }
    for (let attempt = 0; attempt < this.size; attempt += 1) {
      // Random like ipallocator, skipping the network address, the first (kubernetes) and broadcast.
      const candidate = numberToIp(this.base + 2 + Math.floor(this.random() * (this.size - 3)));
      if (!this.ips.has(candidate)) {
        this.ips.set(candidate, owner);
        return candidate;
      }
    }
    throw new StatusError(
      500,
      "InternalError",
      "Internal error occurred: failed to allocate a serviceIP: range is full",
    );
  }

  allocatePort(owner: string, wanted?: number): number {
    const [low, high] = this.portRange;
    if (wanted) {
      if (wanted < low || wanted > high) {
        throw new StatusError(
          422,
          "Invalid",
          `Service "${owner}" is invalid: spec.ports[0].nodePort: Invalid value: ${wanted}: provided port is not in the valid range. The range of valid ports is ${low}-${high}`,
        );
      }
      const holder = this.ports.get(wanted);
      if (holder && holder !== owner) {
        throw new StatusError(
          422,
          "Invalid",
          `Service "${owner}" is invalid: spec.ports[0].nodePort: Invalid value: ${wanted}: provided port is already allocated`,
        );
      }
      this.ports.set(wanted, owner);
      return wanted;
    }
    for (let attempt = 0; attempt < high - low + 1; attempt += 1) {
      const candidate = low + Math.floor(this.random() * (high - low + 1));
      if (!this.ports.has(candidate)) {
        this.ports.set(candidate, owner);
        return candidate;
      }
    }
    throw new StatusError(
      500,
      "InternalError",
      "Internal error occurred: failed to allocate a nodePort: range is full",
    );
  }

  release(owner: string): void {
    for (const [ip, holder] of this.ips) if (holder === owner) this.ips.delete(ip);
    for (const [port, holder] of this.ports) if (holder === owner) this.ports.delete(port);
  }

  /** Defaults and allocations of a Service being created or updated (old: the stored one). */
  admit(service: Json, old: Json | undefined, owner: string): void {
    const spec = (service.spec ?? {}) as Json;
    service.spec = spec;
    const oldSpec = (old?.spec ?? {}) as Json;
    spec.type ??= "ClusterIP";
    spec.sessionAffinity ??= "None";
    spec.internalTrafficPolicy ??= "Cluster";
    const type = String(spec.type);
    const exposed = type === "NodePort" || type === "LoadBalancer";
    if (exposed) spec.externalTrafficPolicy ??= "Cluster";
    if (type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
    if (type === "ExternalName") return;
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
    for (const port of (spec.ports ?? []) as Json[]) {
      port.protocol ??= "TCP";
      port.targetPort ??= port.port;
    }
    if (spec.clusterIP !== "None") {
      const wanted = (spec.clusterIP as string | undefined) || (oldSpec.clusterIP as string | undefined);
      spec.clusterIP = this.allocateIp(owner, wanted || undefined);
      spec.clusterIPs = [spec.clusterIP];
    } else spec.clusterIPs = ["None"];
    const oldPorts = (oldSpec.ports ?? []) as Json[];
    for (const port of (spec.ports ?? []) as Json[]) {
      if (
        !exposed ||
        (type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === false && !port.nodePort)
      ) {
        if (!exposed) delete port.nodePort;
        continue;
      }
      const previous = oldPorts.find(
        (p) => p.port === port.port && (p.protocol ?? "TCP") === port.protocol,
      )?.nodePort;
      port.nodePort = this.allocatePort(
        owner,
        (port.nodePort as number | undefined) ?? (previous as number | undefined),
      );
    }
    if (!old) service.status = { loadBalancer: {} };
  }
}
