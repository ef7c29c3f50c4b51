// EndpointSlices and Endpoints of Services with a selector (kubernetes/kubernetes
// pkg/controller/endpointslice, endpoint; discovery/v1 types): one slice per Service named
// <service>-<random> (labels kubernetes.io/service-name and endpointslice.kubernetes.io/managed-by),
// an endpoint per pod that matches and has an IP: conditions ready (pod Ready and not
// terminating, or the Service publishes not-ready addresses), serving, terminating; nodeName and
// targetRef; ports named as the Service's with targetPort resolved against the pod's container
// ports (named ports). The legacy Endpoints object carries the same (addresses/notReadyAddresses).

import type { Informer } from "../k8s/informer.ts";
import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { controllerQueue, type Json, type Obj, objectKey } from "./controller-kit.ts";
import { podReady } from "./pod-state.ts";

const MANAGED_BY = "endpointslice-controller.k8s.io";

function resolveTargetPort(port: Json, pod: Obj): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const container of (((pod.spec ?? {}) as Json).containers ?? []) as Json[]) {
    const named = ((container.ports ?? []) as Json[]).find(
      (p) => p.name === target && (p.protocol ?? "TCP") === (port.protocol ?? "TCP"),
    );
    if (named) return Number(named.containerPort);
  }
  return undefined;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  nodeName?: unknown;
  targetRef: Json;
}

export function desiredEndpoints(
  service: Obj,
  pods: readonly Obj[],
): { endpoints: SliceEndpoint[]; ports: Json[] } {
  const spec = (service.spec ?? {}) as Json;
  const selector = (spec.selector ?? {}) as Record<string, string>;
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const matching = pods.filter((pod) => {
    const status = (pod.status ?? {}) as Json;
    const labels = pod.metadata.labels ?? {};
    return (
      pod.metadata.namespace === service.metadata.namespace &&
      Object.entries(selector).every(([k, v]) => labels[k] === v) &&
      typeof status.podIP === "string" &&
      status.podIP !== "" &&
      status.phase !== "Succeeded" &&
      status.phase !== "Failed"
    );
  });
  const servicePorts = (spec.ports ?? []) as Json[];
  const first = matching[0];
  const ports = servicePorts.map((port) => ({
    ...(port.name ? { name: port.name } : { name: "" }),
    port: first ? resolveTargetPort(port, first) : undefined,
    protocol: port.protocol ?? "TCP",
    ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
  }));
  const endpoints: SliceEndpoint[] = matching
    .map((pod) => {
      const terminating = pod.metadata.deletionTimestamp !== undefined;
      const ready = podReady(pod);
      return {
        addresses: [String((pod.status as Json).podIP)],
        conditions: {
          ready: publishNotReady || (ready && !terminating),
          serving: publishNotReady || ready,
          terminating,
        },
        ...((pod.spec as Json).nodeName ? { nodeName: (pod.spec as Json).nodeName } : {}),
        targetRef: {
          kind: "Pod",
          namespace: pod.metadata.namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      };
    })
    .sort((a, b) => String(a.addresses[0]).localeCompare(String(b.addresses[0])));
  return { endpoints, ports };
}

export function startEndpointSliceController(
  client: KubeRestClient,
  services: Informer<Obj>,
  pods: Informer<Obj>,
  slices: Informer<Obj>,
  log: (line: string) => void,
): void {
  const queue = controllerQueue("endpointslice", log, reconcile, () => services.list().map(objectKey));
  services.on({ upsert: (svc) => queue.add(objectKey(svc)) });
  const podChanged = (pod: Obj) => {
    for (const svc of services.list())
      if (svc.metadata.namespace === pod.metadata.namespace) queue.add(objectKey(svc));
  };
  pods.on({ upsert: podChanged, delete: podChanged });

  async function reconcile(key: string): Promise<void> {
    const service = services.get(key);
    if (!service || service.metadata.deletionTimestamp) return;
    const spec = (service.spec ?? {}) as Json;
    if (!spec.selector || Object.keys(spec.selector as Json).length === 0) return;
    const ns = String(service.metadata.namespace);
    const name = service.metadata.name;
    const { endpoints, ports } = desiredEndpoints(service, pods.list());
    const existing = slices
      .list()
      .filter(
        (slice) =>
          slice.metadata.namespace === ns &&
          slice.metadata.labels?.["kubernetes.io/service-name"] === name &&
          slice.metadata.labels?.["endpointslice.kubernetes.io/managed-by"] === MANAGED_BY,
      );
    const body = {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      addressType: "IPv4",
      endpoints,
      ports,
    };
    const owner = {
      apiVersion: "v1",
      kind: "Service",
      name,
      uid: service.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    const labels = {
      ...(service.metadata.labels ?? {}),
      "kubernetes.io/service-name": name,
      "endpointslice.kubernetes.io/managed-by": MANAGED_BY,
    };
    const [slice, ...extra] = existing;
    if (!slice) {
      await client.create(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, {
        ...body,
        metadata: { generateName: `${name}-`, namespace: ns, labels, ownerReferences: [owner] },
      });
    } else if (
      JSON.stringify(slice.endpoints) !== JSON.stringify(endpoints) ||
      JSON.stringify(slice.ports) !== JSON.stringify(ports)
    ) {
      await client.replace(
        `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices/${slice.metadata.name}`,
        { ...slice, ...body },
      );
    }
    for (const stale of extra)
      await client
        .delete(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices/${stale.metadata.name}`)
        .catch(() => undefined);
    const ready = endpoints.filter((e) => e.conditions.ready);
    const notReady = endpoints.filter((e) => !e.conditions.ready);
    const address = (e: (typeof endpoints)[number]) => ({
      ip: e.addresses[0],
      nodeName: e.nodeName,
      targetRef: e.targetRef,
    });
    const subsets =
      endpoints.length === 0
        ? []
        : [
            {
              ...(ready.length > 0 ? { addresses: ready.map(address) } : {}),
              ...(notReady.length > 0 ? { notReadyAddresses: notReady.map(address) } : {}),
              ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
            },
          ];
    const endpointsPath = `/api/v1/namespaces/${ns}/endpoints/${name}`;
    const current = await client.get<Obj>(endpointsPath);
    const endpointsObject = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name, namespace: ns, labels: service.metadata.labels ?? {} },
      subsets,
    };
    if (!current)
      await client.create(`/api/v1/namespaces/${ns}/endpoints`, endpointsObject).catch(() => undefined);
    else if (JSON.stringify(current.subsets ?? []) !== JSON.stringify(subsets)) {
      await client.replace(endpointsPath, { ...current, subsets });
    }
  }
}
