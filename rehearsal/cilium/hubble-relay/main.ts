// `hubble-relay serve` double: reads /etc/hubble-relay/config.yaml (the chart's ConfigMap, through
// CC_MOUNTS), follows the agents' peer service and serves Observer on listen-address (4245),
// plaintext unless relay server TLS is configured; the gRPC health service on both it and
// health-listen-address (relay-health.ts).

import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { mountTable, resolveContainerPath } from "../container-path.ts";
import { createLogger } from "../log-line.ts";
import { PeerManager } from "./peer-manager.ts";
import { parseRelayConfig, RELAY_CONFIG_PATH } from "./relay-config.ts";
import { RelayHealth } from "./relay-health.ts";
import { createRelayServer } from "./relay-server.ts";

const log = createLogger((line) => process.stderr.write(`${line}\n`), { subsys: "hubble-relay" });
const mounts = mountTable(process.env);
const path = (p: string) => resolveContainerPath(mounts, p);

if (process.argv[2] !== "serve") {
  process.stderr.write(
    `Error: unknown command "${process.argv[2] ?? ""}" for "hubble-relay" (the rehearsal serves: serve)\n`,
  );
  process.exit(1);
}

let config: ReturnType<typeof parseRelayConfig>;
try {
  config = parseRelayConfig(readFileSync(path(RELAY_CONFIG_PATH), "utf8"));
} catch (error) {
  log.warn("Failed to read config from file", { path: RELAY_CONFIG_PATH, error: (error as Error).message });
  config = parseRelayConfig("");
}

const tls = !config.disableClientTls;
const clientCredentials = (serverName: string | undefined) => {
  if (!tls || !serverName) return grpc.credentials.createInsecure();
  const ca = config.serverCaFiles[0] ? readFileSync(path(config.serverCaFiles[0])) : null;
  const key = config.clientKeyFile ? readFileSync(path(config.clientKeyFile)) : null;
  const cert = config.clientCertFile ? readFileSync(path(config.clientCertFile)) : null;
  return grpc.credentials.createSsl(ca, key, cert);
};

const peers = new PeerManager({
  peerService: config.peerService,
  clusterName: config.clusterName,
  credentials: clientCredentials,
  tls,
  mounts,
  log,
  retryMs: config.retryTimeoutMs,
});
peers.start();

const server = createRelayServer({
  peers: () => peers.list(),
  isAvailable: PeerManager.isAvailable,
  version: "rehearsal",
  log,
});
const health = new RelayHealth(() => ({
  peerServiceConnected: peers.peerServiceConnected,
  availablePeers: peers.list().filter(PeerManager.isAvailable).length,
}));
health.start();
health.register(server);
const healthServer = new grpc.Server();
health.register(healthServer);
const healthPort = config.healthListenAddress.split(":").at(-1) || "4222";
healthServer.bindAsync(`0.0.0.0:${healthPort}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) {
    log.error(`failed to listen on ${config.healthListenAddress}`, { error: error.message });
    process.exit(1);
  }
  log.info("Starting gRPC health server...", { address: config.healthListenAddress });
});
const port = config.listenAddress.split(":").at(-1) || "4245";
const credentials =
  !config.disableServerTls && config.serverCertFile && config.serverKeyFile
    ? grpc.ServerCredentials.createSsl(null, [
        {
          cert_chain: readFileSync(path(config.serverCertFile)),
          private_key: readFileSync(path(config.serverKeyFile)),
        },
      ])
    : grpc.ServerCredentials.createInsecure();
server.bindAsync(`0.0.0.0:${port}`, credentials, (error) => {
  if (error) {
    log.error("Failed to start the Hubble Relay server", { error: error.message });
    process.exit(1);
  }
  log.info("Starting gRPC server...", { options: `listen-address=${config.listenAddress}` });
});

process.once("SIGTERM", () => {
  peers.stop();
  health.stop();
  healthServer.forceShutdown();
  server.forceShutdown();
  process.exit(0);
});
