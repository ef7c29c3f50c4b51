// hubble-ui's `backend` container: serves the UI's gRPC-web API on EVENTS_SERVER_PORT (8090) and
// reads flows from Hubble Relay at FLOWS_API_ADDR (the chart: hubble-relay:80). The double keeps
// only what the rest of the cluster sees: a listener on the port that answers /healthz, and
// answers the UI's API calls as a gRPC-web server that implements none of them (status 12).

import { createServer } from "node:http";
import { createLogger } from "../log-line.ts";

const log = createLogger((line) => process.stderr.write(`${line}\n`), { subsys: "hubble-ui-backend" });
const port = Number(process.env.EVENTS_SERVER_PORT || "8090");

const server = createServer((req, res) => {
  if ((req.url ?? "").startsWith("/healthz")) {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
    return;
  }
  res.writeHead(200, {
    "content-type": "application/grpc-web+proto",
    "grpc-status": "12",
    "grpc-message": "not served by the rehearsal's hubble-ui backend",
  });
  res.end();
});

server.listen(port, () => log.info("listening", { port, flowsApiAddr: process.env.FLOWS_API_ADDR ?? "" }));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
