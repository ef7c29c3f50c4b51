// What changes in LB-IPAM between the Cilium minors the rehearsal installs, and which operator
// settings (cilium-config keys) feed it. Each line names the source it was read from
// (cilium/cilium operator/pkg/lbipam at v1.16.15, v1.17.8, v1.18.3 and the v1.19 branch point).

export interface LbIpamBehaviour {
  /** `enable-lb-ipam` (1.17+; always on in 1.16). */
  enabled: boolean;
  /**
   * Services without spec.loadBalancerClass: 1.16 handles them all (isResponsibleForSVC returns
   * true); 1.17+ only when `default-lb-service-ipam` is `lbipam` (lbipamParams.defaultIPAM).
   */
  handlesClasslessServices: boolean;
  /** io.cilium/bgp-control-plane and/or io.cilium/l2-announcer, per the features enabled (cell.go). */
  lbClasses: string[];
  /**
   * When two Services sharing an IP clash on a port (service_store.go isCompatible): 1.16 by port
   * alone; 1.17/1.18 by port and protocol when `bpf-lb-proto-diff` is on (its default), else by
   * port; 1.19 always by port and protocol.
   */
  portClash: "port" | "port-and-protocol";
  /** Reason when a requested IP's holders are incompatible: 1.16 `already_allocated_different_sharing_key`. */
  incompatibleReason: "already_allocated_different_sharing_key" | "already_allocated_incompatible_service";
  /** 1.18+: a pool event whose spec did not change is ignored (poolOnUpsert DeepEqual). */
  skipUnchangedPoolSpec: boolean;
  /** 1.18+: the initial service sync revalidates every Service (1.16/1.17: satisfyServices). */
  revalidateOnServiceSync: boolean;
  /** 1.18+: revalidateAllServices walks satisfied Services first (1.16/1.17: unsatisfied first). */
  revalidateSatisfiedFirst: boolean;
  ipv4Enabled: boolean;
  ipv6Enabled: boolean;
}

/** `1.18.11` → [1, 18]. */
export function minorOf(version: string): [number, number] {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a Cilium version: ${version}`);
  return [Number(match[1]), Number(match[2])];
}

/** From the Cilium version and the cilium-config ConfigMap the operator reads. */
export function lbIpamBehaviourFor(
  version: string,
  config: Record<string, string | undefined>,
): LbIpamBehaviour {
  const [, minor] = minorOf(version);
  const on = (key: string, fallback: boolean) =>
    config[key] === undefined ? fallback : config[key] === "true";
  const lbClasses: string[] = [];
  // operator/pkg/lbipam/cell.go: BGP first, then L2.
  if (on("enable-bgp-control-plane", false)) lbClasses.push("io.cilium/bgp-control-plane");
  if (on("enable-l2-announcements", false)) lbClasses.push("io.cilium/l2-announcer");
  // operator/cmd/flags.go registers bpf-lb-proto-diff with default true (1.17, 1.18).
  const protoDiff = on("bpf-lb-proto-diff", true);
  return {
    enabled: minor < 17 ? true : on("enable-lb-ipam", true),
    handlesClasslessServices:
      minor < 17 ? true : (config["default-lb-service-ipam"] ?? "lbipam") === "lbipam",
    lbClasses,
    portClash:
      minor < 17 ? "port" : minor >= 19 ? "port-and-protocol" : protoDiff ? "port-and-protocol" : "port",
    incompatibleReason:
      minor < 17 ? "already_allocated_different_sharing_key" : "already_allocated_incompatible_service",
    skipUnchangedPoolSpec: minor >= 18,
    revalidateOnServiceSync: minor >= 18,
    revalidateSatisfiedFirst: minor >= 18,
    ipv4Enabled: on("enable-ipv4", true),
    ipv6Enabled: on("enable-ipv6", false),
  };
}
