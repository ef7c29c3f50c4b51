// Where the Hubble UI check forwards to: what the `hubble-ui` Service promises on its port 80,
// resolved the way kube-proxy replacement does — the Service's selector picks the pods, the port's
// targetPort names a port (by number, or by the name of a container port of the chosen pod; unset
// means the same number as the Service port). Forwarding straight to a pod port the test assumed
// (8081) would pass even when the Service points elsewhere.

import type { V1Pod, V1Service } from "@kubernetes/client-node";
import { fail, pass, type Verdict } from "../../decisions/verdict.ts";
import { pickReadyPod } from "../../probes/hubble/relay-port-forward.ts";

/** The Service's selector as a label selector string; undefined when it selects nothing. */
export function serviceSelector(service: V1Service): string | undefined {
  const selector = service.spec?.selector ?? {};
  const entries = Object.entries(selector);
  if (entries.length === 0) return undefined;
  return entries.map(([key, value]) => `${key}=${value}`).join(",");
}

export interface ServiceTarget {
  pod: string;
  podPort: number;
}

/** The ready pod and its port that `service`:`servicePort` leads to. */
export function resolveServiceTarget(
  service: V1Service,
  servicePort: number,
  pods: readonly V1Pod[],
): Verdict<ServiceTarget> {
  const name = `Service ${service.metadata?.namespace ?? ""}/${service.metadata?.name ?? ""}`;
  const port = (service.spec?.ports ?? []).find((p) => p.port === servicePort);
  if (!port) {
    const ports = (service.spec?.ports ?? []).map((p) => p.port).join(", ") || "none";
    return fail(`${name} has no port ${servicePort} (ports: ${ports})`);
  }
  const podName = pickReadyPod(pods);
  const pod = pods.find((p) => p.metadata?.name === podName);
  if (!pod || !podName) return fail(`${name} selects no ready pod (${pods.length} pod(s) selected)`);
  const target = port.targetPort ?? servicePort;
  const via = `${name} port ${servicePort} → targetPort ${target}`;
  // targetPort is an IntOrString: a number, or a string that is either digits or a port name.
  if (typeof target === "number" || /^\d+$/.test(target)) {
    return pass(`${via} on pod ${podName}`, { pod: podName, podPort: Number(target) });
  }
  const named = (pod.spec?.containers ?? [])
    .flatMap((container) => container.ports ?? [])
    .find((containerPort) => containerPort.name === target);
  if (!named) return fail(`${via}: pod ${podName} has no container port named "${target}"`);
  return pass(`${via} = ${named.containerPort} on pod ${podName}`, {
    pod: podName,
    podPort: named.containerPort,
  });
}
