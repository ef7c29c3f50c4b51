// kube-proxy's traces in a node's packet-filter dumps. kube-proxy (iptables mode) creates
// KUBE-SERVICES and KUBE-NODEPORTS in the nat table (and KUBE-SVC-*/KUBE-SEP-* per Service); in
// nftables mode it owns the tables `ip kube-proxy` / `ip6 kube-proxy`. With kube-proxy
// replacement none of them may exist. kubelet's own chains (KUBE-FIREWALL, KUBE-KUBELET-CANARY,
// KUBE-MARK-*) and Cilium's CILIUM_* chains are not kube-proxy's.
//
// A kind node has both iptables backends (legacy and nft): `iptables-save` shows only the one the
// node's wrapper picked, while kube-proxy's own image picks by itself. So every backend is read.

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

/** The dumps read on each node: both iptables backends, and nftables for kube-proxy's nft mode. */
export const NODE_FILTER_DUMPS = [
  { backend: "iptables-legacy", argv: ["iptables-legacy-save"] },
  { backend: "iptables-nft", argv: ["iptables-nft-save"] },
  { backend: "nftables", argv: ["nft", "list", "tables"] },
] as const;

export type FilterBackend = (typeof NODE_FILTER_DUMPS)[number]["backend"];

/** One dump as read from a node: its output, or why it could not be read. */
export type FilterDump =
  | { backend: FilterBackend; output: string }
  | { backend: FilterBackend; error: string };

export interface NodeFilterVerdict {
  /** `backend table/chain` of every kube-proxy trace found. */
  found: string[];
  /** iptables backends whose dump printed tables (an empty backend prints nothing). */
  readIptables: FilterBackend[];
  /** One line per dump, for the report. */
  seen: string[];
}

/** `nft list tables` lines naming kube-proxy's own tables (`table ip kube-proxy`). */
function kubeProxyNftTables(text: string): string[] {
  return text
    .split("\n")
    .map((line) => /^table\s+(\S+)\s+(kube-proxy)\s*$/.exec(line.trim()))
    .flatMap((match) => (match ? [`${match[1]} ${match[2]}`] : []));
}

export function judgeNodeFilters(dumps: readonly FilterDump[]): NodeFilterVerdict {
  const verdict: NodeFilterVerdict = { found: [], readIptables: [], seen: [] };
  for (const dump of dumps) {
    if ("error" in dump) {
      verdict.seen.push(`${dump.backend}: not readable (${dump.error})`);
      continue;
    }
    if (dump.backend === "nftables") {
      const tables = kubeProxyNftTables(dump.output);
      verdict.found.push(...tables.map((table) => `nftables table ${table}`));
      verdict.seen.push(`nftables: ${tables.length === 0 ? "no kube-proxy table" : tables.join(", ")}`);
      continue;
    }
    if (!looksLikeIptablesSave(dump.output)) {
      verdict.seen.push(`${dump.backend}: no tables`);
      continue;
    }
    verdict.readIptables.push(dump.backend);
    const chains = kubeProxyChains(dump.output);
    verdict.found.push(...chains.map((chain) => `${dump.backend} ${chain.table}/${chain.chain}`));
    verdict.seen.push(`${dump.backend}: ${chains.length} kube-proxy chain(s)`);
  }
  return verdict;
}
