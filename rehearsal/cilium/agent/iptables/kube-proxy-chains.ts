// For the fault catalogue only: the chains kube-proxy's iptables proxier keeps on a node
// (kubernetes pkg/proxy/iptables/proxier.go: KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING,
// KUBE-MARK-MASQ in nat; KUBE-FORWARD, KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS,
// KUBE-PROXY-FIREWALL in filter, with the jumps it adds from the built-in chains), as left
// behind on a node that once ran kube-proxy. A kube-proxy-replacement node has none of them.

export function kubeProxyRestoreScript(): string {
  return [
    "*nat",
    ":KUBE-SERVICES - [0:0]",
    ":KUBE-NODEPORTS - [0:0]",
    ":KUBE-POSTROUTING - [0:0]",
    ":KUBE-MARK-MASQ - [0:0]",
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
    "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    "COMMIT",
    "*filter",
    ":KUBE-FORWARD - [0:0]",
    ":KUBE-SERVICES - [0:0]",
    ":KUBE-EXTERNAL-SERVICES - [0:0]",
    ":KUBE-NODEPORTS - [0:0]",
    ":KUBE-PROXY-FIREWALL - [0:0]",
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    "COMMIT",
    "",
  ].join("\n");
}

/**
 * For the fault catalogue only: what kube-proxy's nftables mode leaves (kubernetes
 * pkg/proxy/nftables/proxier.go: everything in the table `kube-proxy` of family ip, with base
 * chains such as filter-prerouting and nat-prerouting and the regular chain `services`), as
 * `nft -f` input.
 */
export function kubeProxyNftScript(): string {
  return [
    'add table ip kube-proxy { comment "rules for kube-proxy" ; }',
    "add chain ip kube-proxy services",
    "add chain ip kube-proxy filter-prerouting { type filter hook prerouting priority -110 ; }",
    "add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }",
    "add rule ip kube-proxy nat-prerouting jump services",
    "",
  ].join("\n");
}
