// The double's service datapath: a userspace proxy per frontend (IP:port/protocol) in the node's
// network namespace. Cilium translates in BPF (socket LB for local clients, bpf_host/bpf_lxc for
// packets) and keeps no process in the path; here each frontend address is a local address of
// the node (frontend-addresses.ts) and a socket bound to it forwards every TCP connection, or
// UDP exchange, to a backend picked per connection. The effect a client sees is the same —
// reachable on every node, from pods, the node itself and the LAN, with the backend chosen per
// connection — except that the backend sees the node's address as the source. Every connection
// is reported to Hubble as the translated flow (client → backend, destination_service set), a
// frontend without backends as a drop (SERVICE_BACKEND_NOT_FOUND) with a reset for TCP.

import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, createServer, type Server, type Socket } from "node:net";
import type { Logger } from "../../log-line.ts";
import { pickBackend } from "./backend-choice.ts";
import type { Backend, Frontend } from "./service-frontends.ts";

export interface ServedEvent {
  kind: "opened" | "closed" | "dropped" | "datagram" | "datagram-reply";
  frontend: Frontend;
  client: { ip: string; port: number };
  backend: Backend | undefined;
}

/** Where a connection to an L7 load balancer frontend goes (the node's Envoy). */
export type L7Handoff = (client: Socket, frontend: Frontend) => void;

interface Listener {
  frontend: Frontend;
  close(): Promise<void>;
}

const UDP_SESSION_IDLE_MS = 60_000;

function plainIp(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/, "");
}

export class ServiceProxy {
  private readonly listeners = new Map<string, Listener>();
  private readonly report: (event: ServedEvent) => void;
  private readonly log: Logger;
  private readonly l7: L7Handoff | undefined;
  private readonly random: () => number;

  constructor(options: {
    report: (event: ServedEvent) => void;
    log: Logger;
    l7Handoff?: L7Handoff;
    random?: () => number;
  }) {
    this.report = options.report;
    this.log = options.log;
    this.l7 = options.l7Handoff;
    this.random = options.random ?? Math.random;
  }

  frontends(): Frontend[] {
    return [...this.listeners.values()].map((l) => l.frontend);
  }

  /** Makes the listeners match the frontends: new ones bound, gone ones closed, others updated. */
  async apply(frontends: readonly Frontend[]): Promise<void> {
    const wanted = new Map(frontends.map((f) => [f.key, f]));
    for (const [key, listener] of this.listeners) {
      if (!wanted.has(key)) {
        this.listeners.delete(key);
        await listener.close();
      }
    }
    for (const frontend of wanted.values()) {
      const existing = this.listeners.get(frontend.key);
      if (existing) {
        existing.frontend = frontend;
        continue;
      }
      try {
        const listener =
          frontend.protocol === "TCP" ? await this.listenTcp(frontend) : await this.listenUdp(frontend);
        this.listeners.set(frontend.key, listener);
      } catch (error) {
        this.log.warn("Unable to serve service frontend", { frontend: frontend.key, error: String(error) });
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    this.listeners.clear();
  }

  private listenTcp(initial: Frontend): Promise<Listener> {
    const listener: Listener = { frontend: initial, close: async () => {} };
    const sockets = new Set<Socket>();
    const server: Server = createServer({ allowHalfOpen: true }, (client) => {
      sockets.add(client);
      client.on("close", () => sockets.delete(client));
      this.serveTcp(client, listener.frontend);
    });
    listener.close = () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: initial.ip, port: initial.port, exclusive: true }, () => {
        server.off("error", reject);
        server.on("error", (error) =>
          this.log.warn("service frontend error", { frontend: initial.key, error: String(error) }),
        );
        resolve(listener);
      });
    });
  }

  private serveTcp(client: Socket, frontend: Frontend): void {
    const from = { ip: plainIp(client.remoteAddress), port: client.remotePort ?? 0 };
    client.on("error", () => undefined);
    if (frontend.l7Proxy && this.l7) {
      this.l7(client, frontend);
      return;
    }
    const backend = pickBackend(frontend.backends, this.random);
    if (!backend) {
      this.report({ kind: "dropped", frontend, client: from, backend: undefined });
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: backend.ip, port: backend.port, allowHalfOpen: true });
    let opened = false;
    upstream.on("connect", () => {
      opened = true;
      this.report({ kind: "opened", frontend, client: from, backend });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on("error", () => {
      if (!opened) client.resetAndDestroy();
      else client.destroy();
    });
    client.on("error", () => upstream.destroy());
    let closed = 0;
    const onClose = () => {
      closed += 1;
      if (closed === 2 && opened) this.report({ kind: "closed", frontend, client: from, backend });
    };
    upstream.on("close", () => {
      onClose();
      if (!client.destroyed) client.end();
    });
    client.on("close", () => {
      onClose();
      if (!upstream.destroyed) upstream.end();
    });
  }

  private listenUdp(initial: Frontend): Promise<Listener> {
    const listener: Listener = { frontend: initial, close: async () => {} };
    const socket: UdpSocket = createSocket({ type: "udp4", reuseAddr: false });
    interface Session {
      upstream: UdpSocket;
      backend: Backend;
      timer: NodeJS.Timeout | undefined;
      connected: boolean;
      queue: Buffer[];
    }
    const sessions = new Map<string, Session>();
    socket.on("message", (message, remote) => {
      const frontend = listener.frontend;
      const client = { ip: remote.address, port: remote.port };
      const id = `${remote.address}:${remote.port}`;
      let session = sessions.get(id);
      if (!session) {
        const backend = pickBackend(frontend.backends, this.random);
        if (!backend) {
          this.report({ kind: "dropped", frontend, client, backend: undefined });
          return;
        }
        const upstream = createSocket("udp4");
        upstream.on("message", (reply) => {
          socket.send(reply, remote.port, remote.address);
          this.report({ kind: "datagram-reply", frontend: listener.frontend, client, backend });
        });
        upstream.on("error", () => undefined);
        const created: Session = { upstream, backend, timer: undefined, connected: false, queue: [] };
        upstream.connect(backend.port, backend.ip, () => {
          created.connected = true;
          for (const queued of created.queue.splice(0)) upstream.send(queued);
        });
        session = created;
        sessions.set(id, session);
      }
      const current = session;
      clearTimeout(current.timer);
      current.timer = setTimeout(() => {
        sessions.delete(id);
        current.upstream.close();
      }, UDP_SESSION_IDLE_MS);
      if (current.connected) current.upstream.send(message);
      else current.queue.push(message);
      this.report({ kind: "datagram", frontend, client, backend: current.backend });
    });
    socket.on("error", (error) =>
      this.log.warn("service frontend error", { frontend: initial.key, error: String(error) }),
    );
    listener.close = () =>
      new Promise((resolve) => {
        for (const session of sessions.values()) {
          clearTimeout(session.timer);
          session.upstream.close();
        }
        socket.close(() => resolve());
      });
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.bind({ address: initial.ip, port: initial.port, exclusive: true }, () => {
        socket.off("error", reject);
        resolve(listener);
      });
    });
  }
}
