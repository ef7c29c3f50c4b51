// The CoreDNS image as kubeadm deploys it (`-conf /etc/coredns/Corefile`, rehearsal/node/kubeadm/
// addons.ts): DNS on :53 (UDP and TCP) answering the cluster zone from Services, EndpointSlices and
// Namespaces watched through the API (cluster-zone.ts); names outside it would be forwarded to the
// node's resolver, which a pod network without a route out cannot reach here, so they get SERVFAIL
// as CoreDNS gives when forward fails. health on :8080 (/health), ready on :8181 (/ready, once the
// kubernetes plugin has synced), as the Corefile's health and ready plugins.

import { createSocket } from "node:dgram";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { pathInformer } from "../../k8s/informer.ts";
import { inClusterConfig } from "../../k8s/kube-config.ts";
import { type KubeObject, KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { answerCluster, type ZoneData, type ZoneService } from "./cluster-zone.ts";
import { type Answer, parseQuery, RCODE, writeResponse } from "./dns-message.ts";

type Json = Record<string, unknown>;
const zone = "cluster.local";
const log = (line: string) => process.stdout.write(`${line}\n`);
const client = new KubeRestClient(inClusterConfig(process.env));
const services = pathInformer<KubeObject>(client, "/api/v1/services").start();
const slices = pathInformer<KubeObject>(client, "/apis/discovery.k8s.io/v1/endpointslices").start();
const namespaces = pathInformer<KubeObject>(client, "/api/v1/namespaces").start();
let synced = false;
void Promise.all([services.synced, slices.synced, namespaces.synced]).then(() => {
  synced = true;
  log("[INFO] plugin/ready: kubernetes synced");
});

function zoneData(): ZoneData {
  const list: ZoneService[] = services.list().map((svc) => {
    const spec = (svc.spec ?? {}) as Json;
    return {
      name: svc.metadata.name,
      namespace: String(svc.metadata.namespace),
      clusterIP: typeof spec.clusterIP === "string" && spec.clusterIP !== "None" ? spec.clusterIP : undefined,
      headless: spec.clusterIP === "None",
      ports: ((spec.ports ?? []) as Json[]).map((p) => ({
        name: String(p.name ?? ""),
        port: Number(p.port),
        protocol: String(p.protocol ?? "TCP"),
      })),
    };
  });
  const endpoints = new Map<string, string[]>();
  for (const slice of slices.list()) {
    const service = slice.metadata.labels?.["kubernetes.io/service-name"];
    if (!service) continue;
    const key = `${slice.metadata.namespace}/${service}`;
    const ready = ((slice.endpoints ?? []) as Json[])
      .filter((e) => ((e.conditions ?? {}) as Json).ready !== false)
      .flatMap((e) => (e.addresses ?? []) as string[]);
    endpoints.set(key, [...(endpoints.get(key) ?? []), ...ready]);
  }
  return { services: list, endpoints, namespaces: new Set(namespaces.list().map((ns) => ns.metadata.name)) };
}

function respond(message: Buffer): Buffer | undefined {
  let query: ReturnType<typeof parseQuery>;
  try {
    query = parseQuery(message);
  } catch {
    return undefined;
  }
  const question = query.questions[0];
  let answer: Answer = { rcode: RCODE.SERVFAIL, authoritative: false, answers: [], authority: [] };
  if (question && synced) {
    answer = answerCluster(question.name, question.type, zone, zoneData()) ?? answer;
  }
  return writeResponse(query, answer);
}

const udp = createSocket("udp4");
udp.on("message", (message, remote) => {
  const reply = respond(message);
  if (reply) udp.send(reply, remote.port, remote.address);
});
udp.bind(53);

createTcpServer((socket) => {
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const length = pending.readUInt16BE(0);
      const reply = respond(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      if (reply) {
        const size = Buffer.alloc(2);
        size.writeUInt16BE(reply.length);
        socket.write(Buffer.concat([size, reply]));
      }
    }
  });
  socket.on("error", () => undefined);
}).listen(53);

createHttpServer((req, res) =>
  res.writeHead(req.url === "/health" ? 200 : 404).end(req.url === "/health" ? "OK" : ""),
).listen(8080);
createHttpServer((req, res) => {
  const ok = req.url === "/ready" && synced;
  res.writeHead(ok ? 200 : 503).end(ok ? "OK" : "kubernetes");
}).listen(8181);
createHttpServer((_req, res) =>
  res
    .writeHead(200, { "content-type": "text/plain" })
    .end("# coredns metrics are not modelled by the rehearsal\n"),
).listen(9153);
log(".:53\nCoreDNS-1.13.1 (rehearsal double)\nlinux/amd64");
