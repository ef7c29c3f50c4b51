// Hubble Relay's Observer service (pkg/hubble/relay/observer/server.go): ServerStatus adds up the
// available peers' counters (the oldest uptime), counts the peers it could not ask as unavailable
// and names them; GetFlows first tells which nodes it expects flows from (NODE_CONNECTED) and
// which it cannot reach (NODE_UNAVAILABLE), asks every available peer with the same request, and
// sends their flows merged in time order (a peer that fails mid-way becomes a NODE_ERROR event).

import * as grpc from "@grpc/grpc-js";
import {
  compareTimestamps,
  type GetFlowsRequest,
  type WireTimestamp,
  wireTimestamp,
} from "../agent/hubble/flow-types.ts";
import { observerService } from "../hubble/hubble-protos.ts";
import type { Logger } from "../log-line.ts";
import type { Peer } from "./peer-manager.ts";

export interface RelayServerOptions {
  peers: () => Peer[];
  isAvailable: (peer: Peer) => boolean;
  version: string;
  log: Logger;
}

interface FlowsResponse {
  flow?: { time?: WireTimestamp };
  node_status?: unknown;
  node_name?: string;
  time?: WireTimestamp;
}

function nodeStatus(state: string, names: string[], message?: string): FlowsResponse {
  return {
    node_status: { state_change: state, node_names: names, ...(message ? { message } : {}) },
    time: wireTimestamp(Date.now()),
  };
}

interface StatusReply {
  num_flows?: string;
  max_flows?: string;
  seen_flows?: string;
  uptime_ns?: string;
}

export function createRelayServer(options: RelayServerOptions): grpc.Server {
  const server = new grpc.Server();
  server.addService(observerService().service, {
    ServerStatus: async (
      _call: grpc.ServerUnaryCall<unknown, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      const peers = options.peers();
      const unavailable: string[] = [];
      const replies = await Promise.all(
        peers.map(async (peer) => {
          if (!options.isAvailable(peer)) {
            unavailable.push(peer.name);
            return undefined;
          }
          try {
            return await new Promise<StatusReply>((resolve, reject) => {
              (
                peer.client.ServerStatus as (
                  r: object,
                  o: grpc.CallOptions,
                  cb: (e: Error | null, r: StatusReply) => void,
                ) => void
              ).call(peer.client, {}, { deadline: new Date(Date.now() + 5000) }, (error, reply) =>
                error ? reject(error) : resolve(reply),
              );
            });
          } catch (error) {
            options.log.warn("Failed to retrieve server status", {
              peer: peer.name,
              error: (error as Error).message,
            });
            unavailable.push(peer.name);
            return undefined;
          }
        }),
      );
      let maxFlows = 0;
      let numFlows = 0;
      let seenFlows = 0;
      let uptime = 0;
      for (const reply of replies) {
        if (!reply) continue;
        maxFlows += Number(reply.max_flows ?? 0);
        numFlows += Number(reply.num_flows ?? 0);
        seenFlows += Number(reply.seen_flows ?? 0);
        uptime = Math.max(uptime, Number(reply.uptime_ns ?? 0));
      }
      callback(null, {
        num_flows: String(numFlows),
        max_flows: String(maxFlows),
        seen_flows: String(seenFlows),
        uptime_ns: String(uptime),
        num_connected_nodes: { value: peers.length - unavailable.length },
        num_unavailable_nodes: { value: unavailable.length },
        unavailable_nodes: unavailable.slice(0, 10),
        version: options.version,
      });
    },
    GetFlows: async (call: grpc.ServerWritableStream<GetFlowsRequest, FlowsResponse>) => {
      const peers = options.peers();
      const available = peers.filter((p) => options.isAvailable(p));
      const unavailable = peers.filter((p) => !options.isAvailable(p)).map((p) => p.name);
      if (available.length > 0)
        call.write(
          nodeStatus(
            "NODE_CONNECTED",
            available.map((p) => p.name),
          ),
        );
      if (unavailable.length > 0) call.write(nodeStatus("NODE_UNAVAILABLE", unavailable));
      const follow = call.request.follow === true;
      const collected: FlowsResponse[] = [];
      const streams = available.map(
        (peer) =>
          new Promise<void>((resolve) => {
            const stream = (
              peer.client.GetFlows as (r: object) => grpc.ClientReadableStream<FlowsResponse>
            ).call(peer.client, call.request);
            call.on("cancelled", () => stream.cancel());
            stream.on("data", (response: FlowsResponse) => {
              if (!response.flow) return;
              if (follow) call.write(response);
              else collected.push(response);
            });
            stream.on("error", (error: grpc.ServiceError) => {
              if (error.code !== grpc.status.CANCELLED) {
                call.write(nodeStatus("NODE_ERROR", [peer.name], error.details || error.message));
              }
              resolve();
            });
            stream.on("end", () => resolve());
          }),
      );
      await Promise.all(streams);
      const time = (r: FlowsResponse) => r.flow?.time ?? r.time ?? { seconds: "0", nanos: 0 };
      collected.sort((a, b) => compareTimestamps(time(a), time(b)));
      for (const response of collected) call.write(response);
      call.end();
    },
  });
  return server;
}
