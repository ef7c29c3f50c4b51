// L7 load balancer hand-off to the node's Envoy (the double's contract with the envoy double,
// rehearsal/cilium/README.md). In Cilium a Service that a CiliumEnvoyConfig lists (the operator
// writes one per Gateway) is an L7 LB: BPF redirects its frontends to a proxy port of the
// node-local Envoy, which learns the original destination from the socket (TPROXY). The double's
// agent instead connects to the Envoy double's unix socket in the shared folder
// /var/run/cilium/envoy/sockets and sends, first, a PROXY protocol v1 line (haproxy's
// proxy-protocol spec, which Envoy also speaks) carrying the client and the frontend address, then
// the client's bytes.

import { connect, type Socket } from "node:net";
import type { Frontend } from "./service-frontends.ts";

export const ENVOY_L7LB_SOCKET = "/var/run/cilium/envoy/sockets/rehearsal-l7lb.sock";

/** "PROXY TCP4 <client ip> <frontend ip> <client port> <frontend port>\r\n" */
export function proxyProtocolLine(
  client: { ip: string; port: number },
  frontend: { ip: string; port: number },
): string {
  return `PROXY TCP4 ${client.ip} ${frontend.ip} ${client.port} ${frontend.port}\r\n`;
}

export function envoyHandoff(socketPath: string, onFailure: (frontend: Frontend, error: Error) => void) {
  return (client: Socket, frontend: Frontend): void => {
    const upstream = connect({ path: socketPath, allowHalfOpen: true });
    upstream.on("connect", () => {
      upstream.write(
        proxyProtocolLine(
          { ip: (client.remoteAddress ?? "").replace(/^::ffff:/, ""), port: client.remotePort ?? 0 },
          { ip: frontend.ip, port: frontend.port },
        ),
      );
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on("error", (error) => {
      onFailure(frontend, error);
      client.resetAndDestroy();
    });
    client.on("error", () => upstream.destroy());
    client.on("close", () => upstream.end());
    upstream.on("close", () => client.end());
  };
}
