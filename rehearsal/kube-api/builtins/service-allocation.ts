// Service IPs and node ports, allocated by the API server as kube-apiserver's service registry
// does (kubernetes/kubernetes pkg/registry/core/service/storage/alloc.go, ipallocator,
// portallocator): a ClusterIP from the service CIDR (kind: 10.96.0.0/16; the first address is the
// `kubernetes` Service's), `None` for headless, a nodePort per port from 30000-32767 for NodePort
// and LoadBalancer Services (unless allocateLoadBalancerNodePorts is false); a requested IP or port
// must be in range and free (422 otherwise); both are released when the Service goes.

import type { Json } from "../object-store.ts";
import type { FieldError } from "../schema/schema.ts";
import { fieldError } from "../schema/validate.ts";

export interface AllocationRanges {
  /** IPv4 CIDR, e.g. 10.96.0.0/16 */
  serviceCidr: string;
  /** `30000-32767` */
  nodePortRange: string;
}

export const KIND_RANGES: AllocationRanges = { serviceCidr: "10.96.0.0/16", nodePortRange: "30000-32767" };

export class ServiceAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly portLow: number;
  private readonly portHigh: number;
  private readonly ips = new Set<number>();
  private readonly ports = new Set<number>();
  private nextIp = 10;
  private nextPort: number;

  constructor(ranges: AllocationRanges = KIND_RANGES) {
    const [address = "", bits = "32"] = ranges.serviceCidr.split("/");
    this.base = (ipToNumber(address) & maskOf(Number(bits))) >>> 0;
    this.size = 2 ** (32 - Number(bits));
    const [low = "30000", high = "32767"] = ranges.nodePortRange.split("-");
    this.portLow = Number(low);
    this.portHigh = Number(high);
    this.nextPort = this.portLow;
    this.ips.add(1); // the `kubernetes` Service
  }

  get firstIp(): string {
    return numberToIp(this.base + 1);
  }

  /**
   * Fills in clusterIP(s), IP families and node ports of a Service being created (in place),
   * keeping what `live` already holds on an update. Returns field errors for impossible requests.
   */
  allocate(service: Json, live: Json | undefined): FieldError[] {
    service.spec ??= {};
    const spec = service.spec as Json;
    const liveSpec = (live?.spec ?? {}) as Json;
    const errors: FieldError[] = [];
    const type = String(spec.type ?? "ClusterIP");
    if (type === "ExternalName") return errors;
    const wanted = (spec.clusterIP ?? (spec.clusterIPs as string[] | undefined)?.[0] ?? liveSpec.clusterIP) as
      | string
      | undefined;
    if (
      live &&
      liveSpec.clusterIP &&
      wanted !== undefined &&
      wanted !== "" &&
      wanted !== liveSpec.clusterIP
    ) {
      errors.push(
        fieldError(
          "spec.clusterIPs[0]",
          "FieldValueInvalid",
          `Invalid value: ${JSON.stringify([wanted])}: may not change once set`,
        ),
      );
      return errors;
    }
    if (wanted === "None") {
      spec.clusterIP = "None";
      spec.clusterIPs = ["None"];
    } else if (wanted && wanted !== "") {
      if (!live || wanted !== liveSpec.clusterIP) {
        const offset = ipToNumber(wanted) - this.base;
        if (offset <= 0 || offset >= this.size - 1) {
          errors.push(
            fieldError(
              "spec.clusterIPs",
              "FieldValueInvalid",
              `Invalid value: ${JSON.stringify([wanted])}: failed to allocate IP ${wanted}: the provided IP (${wanted}) is not in the valid range. The range of valid IPs is ${numberToIp(this.base)}/${32 - Math.log2(this.size)}`,
            ),
          );
        } else if (this.ips.has(offset)) {
          errors.push(
            fieldError(
              "spec.clusterIPs",
              "FieldValueInvalid",
              `Invalid value: ${JSON.stringify([wanted])}: failed to allocate IP ${wanted}: provided IP is already allocated`,
            ),
          );
        } else this.ips.add(offset);
      }
      spec.clusterIP = wanted;
      spec.clusterIPs = [wanted];
    } else {
      const ip = this.takeIp();
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
    spec.internalTrafficPolicy ??= "Cluster";
    const wantsNodePorts =
      type === "NodePort" || (type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
    if (type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
    if (type === "NodePort" || type === "LoadBalancer") spec.externalTrafficPolicy ??= "Cluster";
    const livePorts = (liveSpec.ports ?? []) as Json[];
    for (const [index, port] of ((spec.ports ?? []) as Json[]).entries()) {
      if (!wantsNodePorts) continue;
      const same = livePorts.find(
        (old) => old.port === port.port && (old.protocol ?? "TCP") === (port.protocol ?? "TCP"),
      );
      if (port.nodePort === undefined && same?.nodePort !== undefined) {
        port.nodePort = same.nodePort;
        continue;
      }
      if (port.nodePort === undefined) {
        port.nodePort = this.takePort();
        continue;
      }
      const requested = Number(port.nodePort);
      if (same?.nodePort === requested) continue;
      if (requested < this.portLow || requested > this.portHigh) {
        errors.push(
          fieldError(
            `spec.ports[${index}].nodePort`,
            "FieldValueInvalid",
            `Invalid value: ${requested}: provided port is not in the valid range. The range of valid ports is ${this.portLow}-${this.portHigh}`,
          ),
        );
      } else if (this.ports.has(requested)) {
        errors.push(
          fieldError(
            `spec.ports[${index}].nodePort`,
            "FieldValueInvalid",
            `Invalid value: ${requested}: provided port is already allocated`,
          ),
        );
      } else this.ports.add(requested);
    }
    if (
      spec.externalTrafficPolicy === "Local" &&
      type === "LoadBalancer" &&
      spec.healthCheckNodePort === undefined
    ) {
      spec.healthCheckNodePort = liveSpec.healthCheckNodePort ?? this.takePort();
    }
    return errors;
  }

  /** Gives back a deleted Service's IP and ports. */
  release(service: Json): void {
    const spec = (service.spec ?? {}) as Json;
    if (typeof spec.clusterIP === "string" && spec.clusterIP !== "None") {
      this.ips.delete(ipToNumber(spec.clusterIP) - this.base);
    }
    for (const port of (spec.ports ?? []) as Json[]) {
      if (typeof port.nodePort === "number") this.ports.delete(port.nodePort);
    }
    if (typeof spec.healthCheckNodePort === "number") this.ports.delete(spec.healthCheckNodePort);
  }

  /** Marks what an object written directly (a test's `put`) already holds. */
  reserve(service: Json): void {
    const spec = (service.spec ?? {}) as Json;
    if (typeof spec.clusterIP === "string" && spec.clusterIP !== "None") {
      this.ips.add(ipToNumber(spec.clusterIP) - this.base);
    }
    for (const port of (spec.ports ?? []) as Json[])
      if (typeof port.nodePort === "number") this.ports.add(port.nodePort);
  }

  private takeIp(): string {
    for (let tries = 0; tries < this.size; tries += 1) {
      const offset = this.nextIp;
      this.nextIp = this.nextIp + 1 >= this.size - 1 ? 2 : this.nextIp + 1;
      if (!this.ips.has(offset)) {
        this.ips.add(offset);
        return numberToIp(this.base + offset);
      }
    }
    throw new Error("service IP range is full");
  }

  private takePort(): number {
    for (let tries = 0; tries <= this.portHigh - this.portLow; tries += 1) {
      const port = this.nextPort;
      this.nextPort = port >= this.portHigh ? this.portLow : port + 1;
      if (!this.ports.has(port)) {
        this.ports.add(port);
        return port;
      }
    }
    throw new Error("node port range is full");
  }
}

function ipToNumber(ip: string): number {
  return ip.split(".").reduce((total, part) => total * 256 + Number(part), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}
