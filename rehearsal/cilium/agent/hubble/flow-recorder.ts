// Turns what the service datapath served into flows in the node's Hubble buffer (flow-builder.ts),
// naming both ends through the agent's view of the cluster.

import type { ServedEvent } from "../services/service-proxy.ts";
import { type ClusterView, resolveEndpoint } from "./endpoint-resolver.ts";
import {
  connectionClosed,
  connectionOpened,
  datagram,
  type ServedTraffic,
  serviceDrop,
} from "./flow-builder.ts";
import type { FlowRing } from "./flow-ring.ts";
import { wireTimestamp } from "./flow-types.ts";

export interface FlowRecorderOptions {
  ring: FlowRing;
  view: ClusterView;
  clusterName: string;
  nodeName: string;
  /** Hubble's node_name: "<cluster>/<node>" unless the cluster is named "default". */
  hubbleNodeName: string;
  /** The "flows without pod names" fault. */
  podNames?: boolean;
  /** The "no flows" fault: nothing is recorded. */
  disabled?: boolean;
}

export function createFlowRecorder(options: FlowRecorderOptions): (event: ServedEvent) => void {
  let lastMs = 0;
  let seq = 0;
  const time = () => {
    const now = Date.now();
    seq = now === lastMs ? seq + 1 : 0;
    lastMs = now;
    return wireTimestamp(now, seq * 1000);
  };
  const context = { nodeName: options.hubbleNodeName, podNames: options.podNames ?? true, time };
  const resolve = (ip: string) => resolveEndpoint(options.view, ip, options.clusterName, options.nodeName);
  return (event) => {
    if (options.disabled) return;
    const destination = event.backend
      ? { endpoint: resolve(event.backend.ip), port: event.backend.port }
      : { endpoint: resolve(event.frontend.ip), port: event.frontend.port };
    const traffic: ServedTraffic = {
      protocol: event.frontend.protocol,
      client: { endpoint: resolve(event.client.ip), port: event.client.port },
      destination,
      service: event.frontend.type === "HostPort" ? undefined : event.frontend.service,
      destinationLocal: event.backend?.local ?? false,
    };
    const flows =
      event.kind === "opened"
        ? connectionOpened(traffic, context)
        : event.kind === "closed"
          ? connectionClosed(traffic, context)
          : event.kind === "dropped"
            ? serviceDrop(traffic, context)
            : datagram(traffic, context, event.kind === "datagram-reply");
    for (const flow of flows) options.ring.write(flow);
  };
}
