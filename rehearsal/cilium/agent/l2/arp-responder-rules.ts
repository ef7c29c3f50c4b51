// The kernel-enforced model of Cilium's BPF L2 responder (bpf/bpf_host.c handle_l2_announcement,
// pkg/datapath/l2responder): every Service frontend address is a local address of every node (the
// double's userspace datapath serves them, as BPF serves them on every node), so the node's
// kernel would answer ARP for all of them. An nft `arp` table stops that: an ARP request for a
// frontend address is answered only when (address . interface) is in the responder set — the
// BPF map cilium_l2_responder_v4, keyed by IP and ingress ifindex — and each element carries a
// timeout of l2_announcements_max_liveness (the lease duration, pkg/datapath/linux/config), which
// the agent refreshes every agent-liveness-update-interval (1s, pkg/datapath/agentliveness). A
// paused agent stops refreshing: its elements expire and its kernel stops answering, as the BPF
// program mutes once the agent's liveness timestamp is older than the lease duration.

export const ARP_TABLE = "cilium_l2_responder";

export interface ResponderEntry {
  ip: string;
  device: string;
}

/** The table, created empty (replacing a previous agent's). */
export function responderTableScript(): string {
  return [
    `table arp ${ARP_TABLE}`,
    `delete table arp ${ARP_TABLE}`,
    `table arp ${ARP_TABLE} {`,
    "  set frontends {",
    "    type ipv4_addr",
    "  }",
    "  set responder {",
    "    type ipv4_addr . ifname",
    "    flags timeout",
    "  }",
    "  chain input {",
    "    type filter hook input priority filter; policy accept;",
    "    arp operation request arp daddr ip . iifname @responder accept",
    "    arp operation request arp daddr ip @frontends drop",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Replaces the frontend address set in one transaction. */
export function frontendsScript(ips: readonly string[]): string {
  const lines = [`flush set arp ${ARP_TABLE} frontends`];
  if (ips.length > 0) lines.push(`add element arp ${ARP_TABLE} frontends { ${ips.join(", ")} }`);
  return `${lines.join("\n")}\n`;
}

/**
 * Re-arms the responder in one transaction: the set holds exactly the entries, each expiring
 * `livenessMs` from now unless refreshed again. `timeoutMs` undefined = no expiry.
 */
export function responderScript(entries: readonly ResponderEntry[], timeoutMs: number | undefined): string {
  const lines = [`flush set arp ${ARP_TABLE} responder`];
  if (entries.length > 0) {
    const timeout = timeoutMs === undefined ? "" : ` timeout ${Math.max(1, Math.round(timeoutMs))}ms`;
    const elements = entries.map((e) => `${e.ip} . "${e.device}"${timeout}`);
    lines.push(`add element arp ${ARP_TABLE} responder { ${elements.join(", ")} }`);
  }
  return `${lines.join("\n")}\n`;
}
