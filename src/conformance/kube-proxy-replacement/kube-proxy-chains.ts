// kube-proxy's iptables chains in `iptables-save` output. kube-proxy (iptables mode) creates
// KUBE-SERVICES and KUBE-NODEPORTS in the nat table (and KUBE-SVC-*/KUBE-SEP-* per Service); with
// kube-proxy replacement none of them may exist. kubelet's own chains (KUBE-FIREWALL,
// KUBE-KUBELET-CANARY, KUBE-MARK-*) and Cilium's CILIUM_* chains are not kube-proxy's.

export interface ChainFinding {
  table: string;
  chain: string;
}

/** Chains only kube-proxy creates. */
const KUBE_PROXY_CHAIN =
  /^(KUBE-SERVICES|KUBE-NODEPORTS|KUBE-EXTERNAL-SERVICES|KUBE-PROXY-FIREWALL|KUBE-PROXY-CANARY|KUBE-SVC-\S+|KUBE-SEP-\S+|KUBE-FW-\S+|KUBE-XLB-\S+|KUBE-EXT-\S+|KUBE-SVL-\S+)$/;

/** Chain declarations (`:NAME POLICY [p:b]`) in each `*table` section that belong to kube-proxy. */
export function kubeProxyChains(iptablesSave: string): ChainFinding[] {
  const found: ChainFinding[] = [];
  let table = "";
  for (const raw of iptablesSave.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("*")) {
      table = line.slice(1);
      continue;
    }
    const chain = /^:(\S+)\s/.exec(line)?.[1];
    if (chain && KUBE_PROXY_CHAIN.test(chain)) found.push({ table, chain });
  }
  return found;
}

/** Whether the text is iptables-save output at all (a table header and COMMIT), so "no chains" means something. */
export function looksLikeIptablesSave(text: string): boolean {
  return /^\*\w+/m.test(text) && /^COMMIT\s*$/m.test(text);
}
