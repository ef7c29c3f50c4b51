// The cilium-envoy double: `node /opt/cc/rehearsal/cilium/envoy/main.ts /usr/bin/cilium-envoy-starter
// -- -c /var/run/cilium/envoy/bootstrap-config.json …`, one per node from the cilium-envoy
// DaemonSet (host network). It serves the bootstrap's envoy-health-listener (the probes' /healthz)
// and the L7 load-balancer hand-off socket the agent double connects to, with the
// CiliumEnvoyConfigs, Services, EndpointSlices and synced TLS Secrets the real Envoy would get
// from the agent over xDS/SDS.

import { readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { hasFault } from "../../faults/faults.ts";
import { kindInformer } from "../../k8s/informer.ts";
import { inClusterConfig } from "../../k8s/kube-config.ts";
import { type Obj, RestKubeObjects } from "../../k8s/kube-objects.ts";
import { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { mountTable, resolveContainerPath } from "../container-path.ts";
import { createLogger } from "../log-line.ts";
import { ENVOY_FAULTS } from "./envoy-faults.ts";
import type { CecObject, EndpointSliceObject, ServiceObject } from "./envoy-resources.ts";
import { L7Proxy } from "./l7-proxy.ts";

const L7LB_SOCKET = "/var/run/cilium/envoy/sockets/rehearsal-l7lb.sock";

const args = process.argv.slice(2);
const env = process.env;
const mounts = mountTable(env);
const log = createLogger((line) => process.stdout.write(`${line}\n`));

// -c <bootstrap> (one argument "-c path" as the chart passes it, or two).
const words = args.flatMap((arg) => arg.split(" "));
const configArg = words.indexOf("-c");
const bootstrapPath = configArg >= 0 ? words[configArg + 1] : undefined;
let healthPort = 9878;
let healthHost = "127.0.0.1";
try {
  const bootstrap = JSON.parse(
    readFileSync(
      resolveContainerPath(mounts, bootstrapPath ?? "/var/run/cilium/envoy/bootstrap-config.json"),
      "utf8",
    ),
  ) as {
    staticResources?: {
      listeners?: { name: string; address?: { socketAddress?: { address?: string; portValue?: number } } }[];
    };
  };
  const health = bootstrap.staticResources?.listeners?.find(
    (listener) => listener.name === "envoy-health-listener",
  )?.address?.socketAddress;
  if (health?.portValue) healthPort = health.portValue;
  if (health?.address) healthHost = health.address;
} catch (error) {
  log.warn("Unable to read the bootstrap configuration", { error: String(error) });
}

const client = new KubeRestClient(inClusterConfig(env));
const objects = new RestKubeObjects(client);
const onError = (error: unknown) => log.warn("watch failed", { error: String(error) });
const informers = {
  envoyConfigs: kindInformer(objects, { apiVersion: "cilium.io/v2", kind: "CiliumEnvoyConfig" }, { onError }),
  services: kindInformer(objects, { apiVersion: "v1", kind: "Service" }, { onError }),
  endpointSlices: kindInformer(
    objects,
    { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice" },
    { onError },
  ),
  secrets: kindInformer(
    objects,
    { apiVersion: "v1", kind: "Secret", namespace: env.CC_ENVOY_SECRETS_NAMESPACE ?? "cilium-secrets" },
    { onError },
  ),
  nodes: kindInformer(objects, { apiVersion: "v1", kind: "Node" }, { onError }),
};
for (const informer of Object.values(informers)) informer.start();

const nodeName = env.CC_NODE_NAME ?? "";
const proxy = new L7Proxy({
  world: () => {
    const node = informers.nodes.get(nodeName) as
      | (Obj & { status?: { addresses?: { type: string; address: string }[] } })
      | undefined;
    return {
      envoyConfigs: informers.envoyConfigs.list() as unknown as CecObject[],
      services: informers.services.list() as unknown as ServiceObject[],
      endpointSlices: informers.endpointSlices.list() as unknown as EndpointSliceObject[],
      nodeIps: [
        ...(node?.status?.addresses ?? []).filter((a) => a.type === "InternalIP").map((a) => a.address),
        ...(env.CC_NODE_IP ? [env.CC_NODE_IP] : []),
      ],
    };
  },
  secret: (name) => {
    const [namespace, secretName] = name.split("/");
    const secret = informers.secrets.get(`${namespace}/${secretName}`) as
      | (Obj & { data?: Record<string, string> })
      | undefined;
    const cert = secret?.data?.["tls.crt"];
    const key = secret?.data?.["tls.key"];
    return cert && key
      ? {
          cert: Buffer.from(cert, "base64").toString("utf8"),
          key: Buffer.from(key, "base64").toString("utf8"),
        }
      : undefined;
  },
  log: (level, message, fields) => log[level](message, fields),
  faults: {
    ...(hasFault(ENVOY_FAULTS.headerMatchIgnored) ? { ignoreHeaderMatches: true } : {}),
    ...(hasFault(ENVOY_FAULTS.pathMatchIgnored) ? { ignorePathMatches: true } : {}),
    ...(hasFault(ENVOY_FAULTS.repoPathMatchIgnored) ? { ignoreRepoPathMatches: true } : {}),
    ...(hasFault(ENVOY_FAULTS.exactPathNeverMatches) ? { exactPathsNeverMatch: true } : {}),
    ...(hasFault(ENVOY_FAULTS.hostnameMatchIgnored) ? { ignoreHostnames: true } : {}),
    ...(hasFault(ENVOY_FAULTS.weightsSkewed) ? { skewWeights: true } : {}),
    ...(hasFault(ENVOY_FAULTS.no404) ? { noNotFound: true } : {}),
  },
});

const socketPath = resolveContainerPath(mounts, L7LB_SOCKET);
rmSync(socketPath, { force: true });
const handoff = createNetServer({ allowHalfOpen: true }, (socket) => proxy.accept(socket));
handoff.listen(socketPath, () =>
  log.info("Listening for L7 load-balancer connections", { socket: socketPath }),
);

const health = createHttpServer((request, response) => {
  const ready = Object.values(informers).every((informer) => informer.list !== undefined);
  response
    .writeHead(request.url?.startsWith("/healthz") && ready ? 200 : 404, { server: "envoy" })
    .end(request.url?.startsWith("/healthz") ? "LIVE\n" : "");
});
health.listen(healthPort, healthHost, () =>
  log.info("Envoy health listener ready", { address: `${healthHost}:${healthPort}` }),
);

const stop = () => {
  handoff.close();
  health.close();
  rmSync(socketPath, { force: true });
  for (const informer of Object.values(informers)) void informer.stop();
  void client.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
