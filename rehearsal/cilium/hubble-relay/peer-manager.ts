// Hubble Relay's peer pool (pkg/hubble/relay/pool/manager.go): it follows the peer service's
// Notify stream (reconnecting when it ends) and keeps a gRPC connection to every peer it names,
// with TLS server name <node>.<cluster>.hubble-grpc.cilium.io when the peer carries TLS info. A
// peer is available unless its connection is in TRANSIENT_FAILURE or SHUTDOWN (observer.go
// isAvailable); failed connections are retried with backoff.

import * as grpc from "@grpc/grpc-js";
import type { MountTable } from "../container-path.ts";
import {
  type ChangeNotification,
  observerService,
  peerService,
  peerTlsServerName,
} from "../hubble/hubble-protos.ts";
import type { Logger } from "../log-line.ts";
import { resolvePodName } from "../pod-dns.ts";
import { splitHostPort } from "./relay-config.ts";

export interface Peer {
  name: string;
  address: string;
  client: grpc.Client & Record<string, unknown>;
}

export interface PeerManagerOptions {
  peerService: string;
  clusterName: string;
  /** Credentials for a connection whose certificate must name `serverName` (undefined: plaintext). */
  credentials: (serverName: string | undefined) => grpc.ChannelCredentials;
  tls: boolean;
  mounts: MountTable;
  log: Logger;
  retryMs: number;
}

export class PeerManager {
  private readonly options: PeerManagerOptions;
  private readonly peers = new Map<string, Peer>();
  private stopped = false;
  private stream: grpc.ClientReadableStream<ChangeNotification> | undefined;
  private connected = false;

  constructor(options: PeerManagerOptions) {
    this.options = options;
  }

  list(): Peer[] {
    return [...this.peers.values()];
  }

  /** Whether the Notify stream to the peer service is up (pool.Status's PeerServiceConnected). */
  get peerServiceConnected(): boolean {
    return this.connected;
  }

  static isAvailable(peer: Peer): boolean {
    const state = peer.client.getChannel().getConnectivityState(true);
    return state !== grpc.connectivityState.TRANSIENT_FAILURE && state !== grpc.connectivityState.SHUTDOWN;
  }

  start(): void {
    void this.follow();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.cancel();
    for (const peer of this.peers.values()) peer.client.close();
  }

  private async target(address: string): Promise<string> {
    if (address.startsWith("unix://")) return address;
    const { host, port } = splitHostPort(address);
    return `${await resolvePodName(host, this.options.mounts)}:${port}`;
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        const target = await this.target(this.options.peerService);
        const Peer = peerService();
        const serverName = this.options.tls
          ? peerTlsServerName("hubble-peer", this.options.clusterName)
          : undefined;
        const client = new Peer(target, this.options.credentials(serverName), overrideOptions(serverName));
        await new Promise<void>((resolve) => {
          const stream = (client.Notify as (r: object) => grpc.ClientReadableStream<ChangeNotification>).call(
            client,
            {},
          );
          this.stream = stream;
          stream.on("metadata", () => {
            this.connected = true;
          });
          stream.on("data", (change: ChangeNotification) => {
            this.connected = true;
            this.apply(change);
          });
          stream.on("error", (error: Error) => {
            this.connected = false;
            this.options.log.warn("Failed to receive peer change notification", {
              target,
              error: error.message,
            });
            resolve();
          });
          stream.on("end", () => {
            this.connected = false;
            resolve();
          });
        });
        client.close();
      } catch (error) {
        this.options.log.warn("Failed to create peer client for peers synchronization", {
          error: (error as Error).message,
        });
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private apply(change: ChangeNotification): void {
    const existing = this.peers.get(change.name);
    if (change.type === "PEER_DELETED") {
      existing?.client.close();
      this.peers.delete(change.name);
      return;
    }
    if (existing && existing.address === change.address) return;
    existing?.client.close();
    const Observer = observerService();
    const serverName = change.tls?.server_name || undefined;
    const client = new Observer(change.address, this.options.credentials(serverName), {
      ...overrideOptions(serverName),
      "grpc.initial_reconnect_backoff_ms": 1000,
      "grpc.max_reconnect_backoff_ms": this.options.retryMs,
    }) as Peer["client"];
    client.getChannel().getConnectivityState(true);
    this.peers.set(change.name, { name: change.name, address: change.address, client });
    this.options.log.info("Received peer change notification", {
      peer: change.name,
      address: change.address,
      type: change.type,
    });
  }
}

function overrideOptions(serverName: string | undefined): grpc.ChannelOptions {
  return serverName
    ? { "grpc.ssl_target_name_override": serverName, "grpc.default_authority": serverName }
    : {};
}
