// Keeps the node's service datapath equal to the cluster's Services: frontends computed from the
// caches, their addresses local on the node, ARP for them left to the L2 responder, listeners
// rebound and backends updated. Recomputes shortly after any change of Services, EndpointSlices
// or CiliumEnvoyConfigs.

import type { Logger } from "../../log-line.ts";
import type { ClusterState } from "../cluster-state.ts";
import { CoalescedRun } from "../coalesced-run.ts";
import type { CommandRunner } from "../datapath/command-runner.ts";
import type { ArpResponder } from "../l2/arp-responder.ts";
import { syncFrontendAddresses } from "./frontend-addresses.ts";
import {
  type Frontend,
  hostPortFrontends,
  serviceFrontends,
  type WireEndpointSlice,
  type WirePod,
  type WireService,
} from "./service-frontends.ts";
import type { ServiceProxy } from "./service-proxy.ts";

interface EnvoyConfig {
  metadata: { namespace?: string };
  spec?: { services?: { name?: string; namespace?: string }[] };
}

export class ServicesController {
  private readonly options: {
    state: ClusterState;
    proxy: ServiceProxy;
    responder: ArpResponder;
    run: CommandRunner;
    nodeName: string;
    nodePortAddresses: () => string[];
    nodePortRange: { min: number; max: number };
    serveNodePorts: () => boolean;
    log: Logger;
  };
  private readonly reconciler: CoalescedRun;

  constructor(options: ServicesController["options"]) {
    this.options = options;
    this.reconciler = new CoalescedRun(
      () => this.sync(),
      (error) => options.log.warn("Failed to reconcile services", { error: String(error) }),
    );
  }

  changed(): void {
    this.reconciler.request();
  }

  current(): Frontend[] {
    return this.options.proxy.frontends();
  }

  /**
   * One sync at a time: the start-up sync and a change-driven one would otherwise both add the
   * same frontend address (an agent of a 12:14 rehearsal died on "Address already assigned").
   */
  sync(): Promise<void> {
    const next = this.running.then(() => this.syncOnce());
    this.running = next.catch(() => undefined);
    return next;
  }

  private running: Promise<void> = Promise.resolve();
  /** The addresses muted for ARP by the last sync. */
  private frontendIps: string[] = [];

  private async syncOnce(): Promise<void> {
    const { state } = this.options;
    const l7Services = new Set<string>();
    for (const config of state.list<EnvoyConfig>("envoyConfigs")) {
      for (const svc of config.spec?.services ?? []) {
        if (svc.name) l7Services.add(`${svc.namespace ?? config.metadata.namespace ?? ""}/${svc.name}`);
      }
    }
    let frontends = serviceFrontends({
      services: state.list<WireService>("services"),
      endpointSlices: state.list<WireEndpointSlice>("endpointSlices"),
      nodeName: this.options.nodeName,
      nodePortAddresses: this.options.nodePortAddresses(),
      l7Services,
    });
    if (!this.options.serveNodePorts()) frontends = frontends.filter((f) => f.type !== "NodePort");
    const hostPorts = hostPortFrontends({
      pods: state.list<WirePod>("pods"),
      nodeName: this.options.nodeName,
      nodeAddresses: this.options.nodePortAddresses(),
      nodePortRange: this.options.nodePortRange,
    });
    const taken = new Set(frontends.map((f) => f.key));
    frontends = [...frontends, ...hostPorts.filter((f) => !taken.has(f.key))];
    const onNodeAddresses = new Set(["NodePort", "HostPort"]);
    const vips = [...new Set(frontends.filter((f) => !onNodeAddresses.has(f.type)).map((f) => f.ip))];
    // A frontend address is muted for ARP before it becomes local, and stays muted until it is gone:
    // in between, the kernel of every node would answer for it, which Cilium's BPF responder never
    // does (only entries in cilium_l2_responder_v4 are answered). Muting after adding left such a
    // window — a fault run where nobody may answer saw the control plane answer a new address.
    await this.options.responder.setFrontends([...new Set([...this.frontendIps, ...vips])]);
    await syncFrontendAddresses(this.options.run, vips);
    await this.options.responder.setFrontends(vips);
    this.frontendIps = vips;
    await this.options.proxy.apply(frontends);
  }
}
