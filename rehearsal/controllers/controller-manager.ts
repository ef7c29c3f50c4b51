// The kube-controller-manager static pod of the rehearsal (image registry.k8s.io/
// kube-controller-manager → this program): the controllers a kind cluster's workloads and the
// suites depend on, fed by informers over the API server — Deployment, ReplicaSet, DaemonSet,
// EndpointSlice/Endpoints, namespace deletion, ServiceAccount and root CA publishing, node IPAM and
// lifecycle, garbage collection. Flags as kubeadm writes them (static-pods.ts).

import { readFileSync } from "node:fs";
import { clientFromFlags, informer, logger, type Obj, parseFlags } from "./controller-kit.ts";
import { startDaemonSetController } from "./daemonset-controller.ts";
import { startDeploymentController } from "./deployment-controller.ts";
import { startEndpointSliceController } from "./endpointslice-controller.ts";
import { collectGarbage } from "./garbage-collector.ts";
import { startNamespaceContentControllers } from "./namespace-content-controllers.ts";
import { startNamespaceController } from "./namespace-controller.ts";
import { startNodeControllers } from "./node-controllers.ts";
import { startReplicaSetController } from "./replicaset-controller.ts";

const flags = parseFlags(process.argv.slice(2));
const log = logger("kube-controller-manager");
const client = clientFromFlags(flags);
const rootCa = readFileSync(flags.get("root-ca-file") ?? "/etc/kubernetes/pki/ca.crt", "utf8");

const pods = informer<Obj>(client, "/api/v1/pods", log);
const nodes = informer<Obj>(client, "/api/v1/nodes", log);
const namespaces = informer<Obj>(client, "/api/v1/namespaces", log);
const services = informer<Obj>(client, "/api/v1/services", log);
const leases = informer<Obj>(client, "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", log);
const deployments = informer<Obj>(client, "/apis/apps/v1/deployments", log);
const replicaSets = informer<Obj>(client, "/apis/apps/v1/replicasets", log);
const daemonSets = informer<Obj>(client, "/apis/apps/v1/daemonsets", log);
const slices = informer<Obj>(client, "/apis/discovery.k8s.io/v1/endpointslices", log);

await Promise.all(
  [pods, nodes, namespaces, services, leases, deployments, replicaSets, daemonSets, slices].map(
    (i) => i.synced,
  ),
);
log("informers synced; starting controllers");
startNodeControllers(
  client,
  nodes,
  leases,
  { clusterCidr: flags.get("allocate-node-cidrs") === "true" ? flags.get("cluster-cidr") : undefined },
  log,
);
startNamespaceContentControllers(client, namespaces, rootCa, log);
startNamespaceController(client, namespaces, log);
startReplicaSetController(client, replicaSets, pods, log);
startDeploymentController(client, deployments, replicaSets, log);
startDaemonSetController(client, daemonSets, pods, nodes, log);
startEndpointSliceController(client, services, pods, slices, log);
services.on({
  delete: (service) => {
    void client
      .delete(`/api/v1/namespaces/${service.metadata.namespace}/endpoints/${service.metadata.name}`)
      .catch(() => undefined);
  },
});
const gc = async () => {
  await collectGarbage(client, log).catch((error: unknown) =>
    log(`garbage-collector: ${(error as Error).message}`),
  );
  setTimeout(gc, 3000).unref();
};
void gc();
setInterval(() => undefined, 1 << 30);
