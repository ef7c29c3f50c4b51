// An HTTP server on a unix socket, as the agent serves its API and CNI endpoints: the socket's
// folder created (the agent creates /var/run/cilium), a stale socket from a previous agent removed.

import { mkdirSync, unlinkSync } from "node:fs";
import type { Server } from "node:http";
import { dirname } from "node:path";

export function listenOnUnixSocket(server: Server, socketPath: string): Promise<Server> {
  mkdirSync(dirname(socketPath), { recursive: true });
  try {
    unlinkSync(socketPath);
  } catch {
    // No stale socket.
  }
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve(server));
  });
}
