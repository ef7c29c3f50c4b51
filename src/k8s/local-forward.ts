// The local half of a port-forward: a TCP listener on 127.0.0.1 that hands every accepted
// connection to a forwarder (how the bytes travel is the forwarder's business, so this plumbing is
// tested without a cluster).

import { createServer, type Socket } from "node:net";

/** Carries one accepted local connection to the remote end; returns how to tear it down. */
export type ConnectionForwarder = (socket: Socket) => Promise<() => void>;

export interface LocalForward {
  /** `127.0.0.1:<port>`: give this to a gRPC client. */
  address: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Why forwarding a connection failed, newest last (the socket was closed). */
  errors: string[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:<localPort> (0, the default, picks a free port). */
export async function listenAndForward(forward: ConnectionForwarder, localPort = 0): Promise<LocalForward> {
  const sockets = new Set<Socket>();
  const errors: string[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    // A forwarder reports a failure mid-stream by destroying the socket with an error.
    socket.on("error", (error) => {
      errors.push(error.message);
      socket.destroy();
    });
    socket.once("close", () => sockets.delete(socket));
    forward(socket).then(
      (teardown) => {
        if (socket.destroyed) teardown();
        else socket.once("close", teardown);
      },
      (error: unknown) => {
        errors.push(error instanceof Error ? error.message : String(error));
        socket.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(localPort, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    connections: () => connections,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
