// The RunContext: what `up` leaves behind for `test`, `probe`, `upgrade` and `down`.
// Written as reports/<run-id>/run-context.json.

export type NodeRole = "control-plane" | "worker";

/** One kind node as seen on the LAN docker network. */
export interface NodeInventoryEntry {
  /** Kubernetes node name, equal to the kind node container's name. */
  name: string;
  role: NodeRole;
  /** The node's address on the LAN docker network. */
  lanIp: string;
  /** The node's MAC on the LAN docker network, lower-case, colon-separated. */
  lanMac: string;
}

export type NodeInventory = readonly NodeInventoryEntry[];

export interface LanNetworkInfo {
  /** Docker network name, e.g. `cc-lan-<run-id>`. */
  name: string;
  subnet: string;
  gateway: string;
  /** Docker `--ip-range` from which nodes and the LAN client take their addresses. */
  ipRange: string;
}

export interface RunVersions {
  cilium: string;
  chart: string;
  kind: string;
  nodeImage: string;
  ciliumCli?: string;
  gatewayApi: string;
  kubernetes?: string;
}

export interface RunContext {
  schemaVersion: 1;
  runId: string;
  clusterName: string;
  kubeconfigPath: string;
  kubeContext: string;
  /**
   * The namespace Cilium was installed into (the HelmRelease's targetNamespace, else its own
   * namespace: plan.cilium.namespace). The chart puts every component there — agents, operator,
   * Hubble Relay and UI — and the agents create their L2 announcement Leases there
   * (cilium/cilium pkg/l2announcer/l2announcer.go, leaseNamespace(): the agent's K8sNamespace).
   */
  ciliumNamespace: string;
  repoRoot: string;
  network: LanNetworkInfo;
  nodes: NodeInventory;
  versions: RunVersions;
  /** Path of the plan JSON written beside the context. */
  planPath: string;
  reportDir: string;
  createdAt: string;
  /** Phase name → duration in ms, in order. */
  phaseDurationsMs: Record<string, number>;
  /** Path of the command transcript written beside the context. */
  transcriptPath?: string;
  /** Best-effort steps that did not work (e.g. an image pre-pull), for the report. */
  notes?: string[];
}

/** Finds the node that owns a MAC (case-insensitive), for ARP verdicts. */
export function nodeByMac(nodes: NodeInventory, mac: string): NodeInventoryEntry | undefined {
  const wanted = mac.toLowerCase();
  return nodes.find((node) => node.lanMac.toLowerCase() === wanted);
}
