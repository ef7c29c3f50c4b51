// The cilium-operator double: `node /opt/cc/rehearsal/cilium/operator/main.ts cilium-operator-generic
// --config-dir=/tmp/cilium/config-map --debug=false`, started by the kubelet double from the
// cilium-operator Deployment (contracts 1–2 of rehearsal/README.md). In Cilium's start order
// (operator/cmd/root.go): the health API on operator-api-serve-addr (localhost:9234, what the
// probes GET as /healthz), the CRDs registered and Established, leader election, then — as
// leader — LB-IPAM, the cluster-pool IPAM allocator (ipam=cluster-pool only) and the Gateway API
// controllers (enable-gateway-api, with the Gateway API CRDs present at start).

import { createServer } from "node:http";
import { hostname } from "node:os";
import { hasFault } from "../../faults/faults.ts";
import { inClusterConfig } from "../../k8s/kube-config.ts";
import { RestKubeObjects } from "../../k8s/kube-objects.ts";
import { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { readConfigDir } from "../agent/startup/config-dir.ts";
import { mountTable, resolveContainerPath } from "../container-path.ts";
import { createLogger } from "../log-line.ts";
import { registerCrds } from "./crds/register-crds.ts";
import { GatewayController, missingGatewayCrds } from "./gateway-api/gateway-controller.ts";
import { ClusterPoolAllocator } from "./ipam/cluster-pool.ts";
import { lbIpamBehaviourFor, minorOf } from "./lbipam/lbipam-behaviour.ts";
import { LbIpamController } from "./lbipam/lbipam-controller.ts";
import { LeaderLease } from "./leader-lease.ts";
import { configDirOf, OPERATOR_FAULTS, operatorConfig, versionOfImage } from "./operator-config.ts";

const args = process.argv.slice(2);
const env = process.env;
const log = createLogger((line) => process.stdout.write(`${line}\n`), { subsys: "cilium-operator-generic" });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const configDir = resolveContainerPath(mountTable(env), configDirOf(args));
const config = operatorConfig(readConfigDir(configDir), args);
const namespace = env.CILIUM_K8S_NAMESPACE ?? env.CC_POD_NAMESPACE ?? "kube-system";
const client = new KubeRestClient(inClusterConfig(env));
const objects = new RestKubeObjects(client);
const neverReady = hasFault(OPERATOR_FAULTS.operatorNeverReady);

// The health endpoint answers from the start (the probes give the operator time to elect).
const [apiHost = "localhost", apiPort = "9234"] = config.apiServeAddr.split(/:(?=\d+$)/);
const health = createServer((request, response) => {
  if (request.url === "/healthz" && !neverReady) {
    response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  response.writeHead(neverReady ? 500 : 404).end();
});
const listenHost = apiHost === "localhost" ? "127.0.0.1" : apiHost;
for (let attempt = 0; ; attempt += 1) {
  const listening = await new Promise<boolean>((resolve) => {
    health.once("error", () => resolve(false));
    health.listen(Number(apiPort), listenHost, () => resolve(true));
  });
  if (listening) break;
  if (attempt === 30) {
    log.error("Unable to serve the operator API", { address: config.apiServeAddr });
    process.exit(1);
  }
  await sleep(1000);
}

// The version: the tag of this Pod's operator image.
let version: string | undefined;
while (!version) {
  try {
    const pod = (await objects.get({
      apiVersion: "v1",
      kind: "Pod",
      namespace: env.CC_POD_NAMESPACE ?? namespace,
      name: env.CC_POD_NAME ?? hostname(),
    })) as { spec?: { containers?: { name: string; image?: string }[] } } | undefined;
    const container =
      pod?.spec?.containers?.find((c) => c.name === (env.CC_CONTAINER_NAME ?? "cilium-operator")) ??
      pod?.spec?.containers?.[0];
    version = versionOfImage(container?.image ?? "");
    if (!version)
      throw new Error(`cannot tell the Cilium version from image ${container?.image ?? "(none)"}`);
  } catch (error) {
    log.warn("Waiting for the API server", { error: String(error) });
    await sleep(2000);
  }
}
const [, minor] = minorOf(version);
log.info("Cilium Operator", { version, subsys: "cilium-operator-generic" });

for (;;) {
  try {
    await registerCrds(
      objects,
      minor,
      (message, fields) => log.info(message, { subsys: "k8s", ...fields }),
      sleep,
    );
    break;
  } catch (error) {
    log.warn("Unable to create CRDs, retrying", { error: String(error) });
    await sleep(2000);
  }
}

const identity = `${env.CC_NODE_NAME ?? hostname()}-${Math.random().toString(36).slice(2, 12)}`;
const lease = new LeaderLease({ objects, namespace, identity });
const stoppers: (() => Promise<void>)[] = [];
const shutdown = async (code: number) => {
  for (const stop of stoppers) await stop().catch(() => undefined);
  await lease.release();
  health.close();
  void client.close();
  process.exit(code);
};
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

log.info("Waiting for leader election", { identity });
await lease.acquire();
log.info("Leading the operator HA deployment", { identity });

if (config.enableLbIpam) {
  const behaviour = lbIpamBehaviourFor(version, config.values);
  const lbipam = new LbIpamController({
    objects,
    behaviour,
    poolApiVersion: minor >= 18 ? "cilium.io/v2" : "cilium.io/v2alpha1",
    log,
    faults: {
      ...(hasFault(OPERATOR_FAULTS.lbipamNoCondition) ? { noSatisfiedCondition: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamRequestedIgnored) ? { ignoreRequestedIps: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamSharingIgnored) ? { ignoreSharingKeys: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamIpsTotalWrong) ? { ipsTotalSkew: -2n } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamPoolConflict) ? { spuriousPoolConflict: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamNoRelease) ? { neverRelease: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamOutsidePool) ? { allocateOutsidePool: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamUnpooledRequestAssigned) ? { assignUnpooledRequests: true } : {}),
      ...(hasFault(OPERATOR_FAULTS.lbipamCountersFrozen) ? { frozenCounters: true } : {}),
    },
  });
  stoppers.push(() => lbipam.stop());
  void lbipam.start();
}

if (config.ipam === "cluster-pool") {
  const allocator = new ClusterPoolAllocator(
    objects,
    config.clusterPoolIpv4Cidrs,
    config.clusterPoolIpv4MaskSize,
    log,
  );
  stoppers.push(() => allocator.stop());
  void allocator.start();
}

if (config.enableGatewayApi) {
  const missing = await missingGatewayCrds(objects, minor);
  if (missing.length > 0) {
    log.error(
      "Required GatewayAPI resources are not found, please refer to docs for installation instructions",
      { subsys: "gateway-api", error: missing.join("\n") },
    );
  } else {
    const gateway = new GatewayController({
      objects,
      minor,
      config: {
        secretsNamespace: config.gatewaySecretsNamespace,
        externalTrafficPolicy: config.gatewayExternalTrafficPolicy,
        ipv4: config.ipv4,
        ipv6: config.ipv6,
      },
      secretsSync: config.enableGatewaySecretsSync,
      log,
      faults: {
        ...(hasFault(OPERATOR_FAULTS.gatewayClassNotAccepted) ? { classNotAccepted: true } : {}),
        ...(hasFault(OPERATOR_FAULTS.gatewayNeverProgrammed) ? { neverProgrammed: true } : {}),
        ...(hasFault(OPERATOR_FAULTS.gatewayBackendsNotFound) ? { backendsNotFound: true } : {}),
      },
    });
    stoppers.push(() => gateway.stop());
    void gateway.start();
  }
}

// Losing the lease ends the process, as client-go's OnStoppedLeading does for the operator (klog.Fatal).
await lease.hold();
log.error("Leader election lost", { identity });
await shutdown(1);
