// The iptables rules a kube-proxy-replacement agent installs (pkg/datapath/iptables/iptables.go
// and custom_chain.go): the CILIUM_* chains in filter, raw, nat and mangle, each fed from its
// hook by a "cilium-feeder: <chain>" jump inserted first (prepend-iptables-chains), the FORWARD
// accepts for cilium_host, cilium_net and lxc+ (installForwardChainRules), and — with iptables
// masquerading (enable-ipv4-masquerade without BPF masquerading) — the "cilium masquerade
// non-cluster" rule (allEgressMasqueradeCmds). As iptables-restore input for --noflush: declaring
// a chain flushes it, so a restarted agent rewrites its chains instead of adding to them.

export interface CiliumChain {
  name: string;
  table: "filter" | "raw" | "nat" | "mangle";
  hook: string;
}

export const CILIUM_CHAINS: readonly CiliumChain[] = [
  { name: "CILIUM_INPUT", table: "filter", hook: "INPUT" },
  { name: "CILIUM_OUTPUT", table: "filter", hook: "OUTPUT" },
  { name: "CILIUM_OUTPUT_raw", table: "raw", hook: "OUTPUT" },
  { name: "CILIUM_POST_nat", table: "nat", hook: "POSTROUTING" },
  { name: "CILIUM_OUTPUT_nat", table: "nat", hook: "OUTPUT" },
  { name: "CILIUM_PRE_nat", table: "nat", hook: "PREROUTING" },
  { name: "CILIUM_POST_mangle", table: "mangle", hook: "POSTROUTING" },
  { name: "CILIUM_PRE_mangle", table: "mangle", hook: "PREROUTING" },
  { name: "CILIUM_PRE_raw", table: "raw", hook: "PREROUTING" },
  { name: "CILIUM_FORWARD", table: "filter", hook: "FORWARD" },
];

export function feederComment(chain: string): string {
  return `cilium-feeder: ${chain}`;
}

export interface CiliumRulesInput {
  /** This node's pod CIDR (allocRange). */
  podCidr: string;
  /** Destinations not masqueraded (ipv4-native-routing-cidr, or the cluster's pod range). */
  snatExclusionCidr: string | undefined;
  masquerade: boolean;
}

/** iptables-restore --noflush input. */
export function ciliumRestoreScript(input: CiliumRulesInput): string {
  const out: string[] = [];
  for (const table of ["filter", "raw", "nat", "mangle"] as const) {
    const chains = CILIUM_CHAINS.filter((c) => c.table === table);
    out.push(`*${table}`);
    for (const chain of chains) out.push(`:${chain.name} - [0:0]`);
    for (const chain of chains) {
      out.push(`-I ${chain.hook} 1 -m comment --comment "${feederComment(chain.name)}" -j ${chain.name}`);
    }
    if (table === "filter") {
      out.push(
        '-A CILIUM_FORWARD -o cilium_host -m comment --comment "cilium: any->cluster on cilium_host forward accept" -j ACCEPT',
        '-A CILIUM_FORWARD -i cilium_host -m comment --comment "cilium: cluster->any on cilium_host forward accept (nodeport)" -j ACCEPT',
        '-A CILIUM_FORWARD -i lxc+ -m comment --comment "cilium: cluster->any on lxc+ forward accept" -j ACCEPT',
        '-A CILIUM_FORWARD -i cilium_net -m comment --comment "cilium: cluster->any on cilium_net forward accept (nodeport)" -j ACCEPT',
      );
    }
    if (table === "nat" && input.masquerade) {
      const exclusion = input.snatExclusionCidr ? `! -d ${input.snatExclusionCidr} ` : "";
      out.push(
        `-A CILIUM_POST_nat ${exclusion}-s ${input.podCidr} ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE`,
      );
    }
    out.push("COMMIT");
  }
  return `${out.join("\n")}\n`;
}

/** Deleting every feeder first keeps a restarted agent from stacking them. */
export function feederDeleteArgs(chain: CiliumChain): string[] {
  return [
    "-t",
    chain.table,
    "-D",
    chain.hook,
    "-m",
    "comment",
    "--comment",
    feederComment(chain.name),
    "-j",
    chain.name,
  ];
}
