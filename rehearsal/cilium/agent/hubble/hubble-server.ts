// The agent's Hubble server (pkg/hubble/observer local observer + pkg/hubble/peer): Observer
// GetFlows/ServerStatus over the node's flow buffer and Peer Notify over the cluster's nodes, on
// the unix socket (hubble-socket-path) and, when hubble-listen-address is set, on TCP — with TLS
// (server certificate, client CA) unless hubble-disable-tls.

import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { type ChangeNotification, observerService, peerService } from "../../hubble/hubble-protos.ts";
import type { Logger } from "../../log-line.ts";
import { FlowFilterError } from "./flow-filter.ts";
import { FlowRequestError, followMatcher, readFlows } from "./flow-read.ts";
import type { FlowRing } from "./flow-ring.ts";
import type { Flow, GetFlowsRequest } from "./flow-types.ts";

export interface PeerSource {
  current(): ChangeNotification[];
  /** Called with each change; returns an unsubscribe. */
  subscribe(listener: (change: ChangeNotification) => void): () => void;
}

export interface HubbleServerOptions {
  ring: FlowRing;
  nodeName: string;
  peers: PeerSource;
  version: string;
  log: Logger;
  startedAt?: number;
}

export interface HubbleListen {
  socketPath?: string;
  /** host:port, e.g. "0.0.0.0:4244". */
  tcp?: string;
  tls?: { cert: Buffer; key: Buffer; clientCa: Buffer | undefined };
}

function response(flow: Flow) {
  return { flow, node_name: flow.node_name, time: flow.time };
}

export function createHubbleServer(options: HubbleServerOptions): grpc.Server {
  const server = new grpc.Server();
  const startedAt = options.startedAt ?? Date.now();
  server.addService(observerService().service, {
    ServerStatus: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, {
        num_flows: String(options.ring.length),
        max_flows: String(options.ring.capacity),
        seen_flows: String(options.ring.seenFlows),
        uptime_ns: String((Date.now() - startedAt) * 1e6),
        version: options.version,
      });
    },
    GetFlows: (call: grpc.ServerWritableStream<GetFlowsRequest, unknown>) => {
      const request = call.request;
      let flows: Flow[];
      try {
        flows = readFlows(options.ring.snapshot(), request);
      } catch (error) {
        const code =
          error instanceof FlowRequestError || error instanceof FlowFilterError
            ? grpc.status.INVALID_ARGUMENT
            : grpc.status.INTERNAL;
        call.destroy(Object.assign(new Error((error as Error).message), { code }));
        return;
      }
      for (const flow of flows) call.write(response(flow));
      if (!request.follow) {
        call.end();
        return;
      }
      const matches = followMatcher(request);
      const stop = options.ring.follow((flow) => {
        if (matches(flow)) call.write(response(flow));
      });
      call.on("cancelled", stop);
      call.on("close", stop);
    },
  });
  server.addService(peerService().service, {
    Notify: (call: grpc.ServerWritableStream<unknown, ChangeNotification>) => {
      for (const change of options.peers.current()) call.write(change);
      const stop = options.peers.subscribe((change) => call.write(change));
      call.on("cancelled", stop);
      call.on("close", stop);
    },
  });
  return server;
}

/** Binds the listeners; the TCP port bound (useful with port 0), if any. */
export async function listenHubble(
  server: grpc.Server,
  listen: HubbleListen,
  log: Logger,
): Promise<number | undefined> {
  const bind = (address: string, credentials: grpc.ServerCredentials) =>
    new Promise<number>((resolve, reject) =>
      server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
    );
  let tcpPort: number | undefined;
  if (listen.socketPath) {
    mkdirSync(dirname(listen.socketPath), { recursive: true });
    rmSync(listen.socketPath, { force: true });
    await bind(`unix://${listen.socketPath}`, grpc.ServerCredentials.createInsecure());
    log.info("Starting local Hubble server", { address: `unix://${listen.socketPath}` });
  }
  if (listen.tcp) {
    const credentials = listen.tls
      ? grpc.ServerCredentials.createSsl(
          listen.tls.clientCa ?? null,
          [{ cert_chain: listen.tls.cert, private_key: listen.tls.key }],
          listen.tls.clientCa !== undefined,
        )
      : grpc.ServerCredentials.createInsecure();
    tcpPort = await bind(listen.tcp, credentials);
    log.info("Starting Hubble server", { address: listen.tcp, tls: listen.tls !== undefined });
  }
  return tcpPort;
}
