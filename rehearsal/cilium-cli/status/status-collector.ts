// One round of cilium-cli's status collection (status/k8s.go K8sStatusCollector.status): the
// DaemonSets cilium and cilium-envoy, the Deployments cilium-operator, hubble-relay, hubble-ui
// and clustermesh-apiserver (absent → disabled), their pods' phases and images, the cluster's
// pod counts, the cilium-config annotations, the Helm chart version, and for every running agent
// `cilium status -o json` and `cilium endpoint list -o json` exec'd in its cilium-agent container.

import type { Obj } from "../../k8s/kube-objects.ts";
import { isNotFound } from "../../k8s/kube-rest-client.ts";
import { podExec } from "../../k8s/pod-exec.ts";
import type { CliSession } from "../cli-session.ts";
import { decodeReleaseSecret, releaseSecretName } from "../install/helm-release.ts";
import { Status } from "./status-model.ts";

interface WorkloadStatus {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  updatedReplicas?: number;
  observedGeneration?: number;
  desiredNumberScheduled?: number;
  numberReady?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  updatedNumberScheduled?: number;
}

interface AgentStatusResponse {
  cilium?: { state?: string; msg?: string };
  cluster?: { ciliumHealth?: { state?: string; msg?: string } };
  hubble?: { state?: string; msg?: string };
  kubernetes?: { state?: string; msg?: string };
  kvstore?: { state?: string; msg?: string };
  "auth-certificate-provider"?: { state?: string; msg?: string };
  controllers?: {
    name?: string;
    status?: {
      "consecutive-failure-count"?: number;
      "last-failure-msg"?: string;
      "last-failure-timestamp"?: string;
    };
  }[];
}

export async function collectStatus(session: CliSession, now: Date): Promise<Status> {
  const status = new Status();
  const ns = session.namespace;
  /** The object, or undefined when the API server answers 404. */
  const get = (apiVersion: string, kind: string, name: string) =>
    session.objects.get({ apiVersion, kind, namespace: ns, name });

  const daemonSet = async (name: string, required: boolean) => {
    let object: Obj | undefined;
    try {
      object = await get("apps/v1", "DaemonSet", name);
    } catch (error) {
      status.addError(name, name, (error as Error).message);
      status.collectionErrors.push((error as Error).message);
      return false;
    }
    if (!object) {
      if (required) {
        const message = `daemonsets.apps "${name}" not found`;
        status.addError(name, name, message);
        status.collectionErrors.push(message);
      } else {
        status.setDisabled(name, name, true);
      }
      return false;
    }
    const s = (object.status ?? {}) as WorkloadStatus;
    status.podState.set(name, {
      type: "DaemonSet",
      desired: s.desiredNumberScheduled ?? 0,
      ready: s.numberReady ?? 0,
      available: s.numberAvailable ?? 0,
      unavailable: s.numberUnavailable ?? 0,
    });
    const notReady = (s.desiredNumberScheduled ?? 0) - (s.numberReady ?? 0);
    if (notReady > 0) status.addError(name, name, `${notReady} pods of DaemonSet ${name} are not ready`);
    const unavailable = (s.numberUnavailable ?? 0) - notReady;
    if (unavailable > 0)
      status.addWarning(name, name, `${unavailable} pods of DaemonSet ${name} are not available`);
    if ((object.metadata.generation ?? 0) !== (s.observedGeneration ?? 0))
      status.addError(name, name, `daemonset ${name} is updated but rollout has not started`);
    if ((s.updatedNumberScheduled ?? 0) < (s.desiredNumberScheduled ?? 0)) {
      status.addError(
        name,
        name,
        `daemonset ${name} is rolling out - ${s.updatedNumberScheduled ?? 0} out of ${s.desiredNumberScheduled ?? 0} pods updated`,
      );
    }
    return true;
  };

  const deployment = async (name: string, absentWarning?: string): Promise<boolean> => {
    let object: Obj | undefined;
    try {
      object = await get("apps/v1", "Deployment", name);
    } catch (error) {
      if (absentWarning) status.addWarning(name, name, absentWarning);
      else {
        status.addError(name, name, (error as Error).message);
        status.collectionErrors.push((error as Error).message);
      }
      return false;
    }
    if (!object) {
      status.setDisabled(name, name, true);
      return false;
    }
    status.setDisabled(name, name, false);
    const s = (object.status ?? {}) as WorkloadStatus;
    status.podState.set(name, {
      type: "Deployment",
      desired: s.replicas ?? 0,
      ready: s.readyReplicas ?? 0,
      available: s.availableReplicas ?? 0,
      unavailable: s.unavailableReplicas ?? 0,
    });
    const notReady = (s.replicas ?? 0) - (s.readyReplicas ?? 0);
    if (notReady > 0) status.addError(name, name, `${notReady} pods of Deployment ${name} are not ready`);
    const unavailable = (s.unavailableReplicas ?? 0) - notReady;
    if (unavailable > 0)
      status.addWarning(name, name, `${unavailable} pods of Deployment ${name} are not available`);
    if ((object.metadata.generation ?? 0) !== (s.observedGeneration ?? 0))
      status.addError(name, name, `deployment ${name} is updated but rollout has not started`);
    if ((s.updatedReplicas ?? 0) < (s.replicas ?? 0)) {
      status.addError(
        name,
        name,
        `deployment ${name} is rolling out - ${s.updatedReplicas ?? 0} out of ${s.replicas ?? 0} pods updated`,
      );
    }
    return true;
  };

  const podStatus = async (name: string, selector: string, onPod?: (pod: Obj) => void) => {
    const pods = (
      await session.objects.list({ apiVersion: "v1", kind: "Pod", namespace: ns, labelSelector: selector })
    ).items;
    const phases = new Map<string, number>();
    const images = new Map<string, number>();
    for (const pod of pods) {
      const podStatus = (pod.status ?? {}) as { phase?: string; reason?: string; message?: string };
      const phase = podStatus.phase ?? "";
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
      if (phase === "Pending") status.addWarning(name, pod.metadata.name, "pod is pending");
      if (
        phase === "Failed" &&
        ![
          "TaintToleration",
          "NodeAffinity",
          "NodeLost",
          "Evicted",
          "Shutdown",
          "Preempting",
          "UnexpectedAdmissionError",
        ].includes(podStatus.reason ?? "")
      ) {
        status.addError(
          name,
          pod.metadata.name,
          `pod has failed: ${podStatus.reason ?? ""} - ${podStatus.message ?? ""}`,
        );
      }
      for (const container of (pod.spec as { containers?: { image: string }[] } | undefined)?.containers ??
        []) {
        images.set(container.image, (images.get(container.image) ?? 0) + 1);
      }
      onPod?.(pod);
    }
    status.phaseCount.set(name, phases);
    status.imageCount.set(name, images);
  };

  const collect = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      status.collectionErrors.push(error instanceof Error ? error.message : `${what}: ${String(error)}`);
    }
  };

  await daemonSet("cilium", true);
  if (await daemonSet("cilium-envoy", false))
    await collect("envoy pods", () => podStatus("cilium-envoy", "name=cilium-envoy"));
  await deployment("cilium-operator");
  await collect("operator pods", () => podStatus("cilium-operator", "name=cilium-operator"));
  if (await deployment("hubble-relay", "hubble relay is not deployed"))
    await collect("relay pods", () => podStatus("hubble-relay", "k8s-app=hubble-relay"));
  if (await deployment("hubble-ui", "hubble ui is not deployed"))
    await collect("ui pods", () => podStatus("hubble-ui", "k8s-app=hubble-ui"));
  if (await deployment("clustermesh-apiserver", "clustermesh is not deployed"))
    await collect("clustermesh pods", () =>
      podStatus("clustermesh-apiserver", "k8s-app=clustermesh-apiserver"),
    );
  await collect("pod count", async () => {
    const pods = (await session.objects.list({ apiVersion: "v1", kind: "Pod" })).items;
    status.podsCount.all = pods.filter((pod) => {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      return (
        !(pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork &&
        (phase === "Running" || phase === "Pending")
      );
    }).length;
    try {
      status.podsCount.byCilium = (
        await session.objects.list({ apiVersion: "cilium.io/v2", kind: "CiliumEndpoint" })
      ).items.length;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  });
  await collect("config", async () => {
    const config = await get("v1", "ConfigMap", "cilium-config").catch((error) => {
      throw new Error(`unable to retrieve ConfigMap "cilium-config": ${(error as Error).message}`);
    });
    // The API server's Status message for the 404.
    if (!config)
      throw new Error(`unable to retrieve ConfigMap "cilium-config": configmaps "cilium-config" not found`);
    for (const [key, value] of Object.entries(config.metadata.annotations ?? {})) {
      if (key.startsWith("config.cilium.io")) status.configErrors.push(value);
    }
    status.configErrors.sort();
  });
  try {
    const secret = await session.objects.get({
      apiVersion: "v1",
      kind: "Secret",
      namespace: ns,
      name: releaseSecretName(session.releaseName, 1),
    });
    if (secret) status.helmChartVersion = decodeReleaseSecret(secret).chart?.metadata?.version ?? "";
  } catch {
    // The Helm task's error is dropped by the worker pool, as cilium-cli drops it.
  }

  const agents: Obj[] = [];
  await collect("agent pods", () => podStatus("cilium", "k8s-app=cilium", (pod) => agents.push(pod)));
  await collect("operator pods", () => podStatus("cilium-operator", "io.cilium/app=operator"));
  await collect("relay pods", () => podStatus("hubble-relay", "k8s-app=hubble-relay"));
  await collect("clustermesh pods", () =>
    podStatus("clustermesh-apiserver", "k8s-app=clustermesh-apiserver"),
  );
  await Promise.all(agents.map((pod) => agentStatus(session, status, pod, now)));
  return status;
}

async function agentStatus(session: CliSession, status: Status, pod: Obj, now: Date): Promise<void> {
  if ((pod.status as { phase?: string } | undefined)?.phase !== "Running") return;
  const containers =
    (
      pod.status as
        | {
            containerStatuses?: {
              name: string;
              state?: { running?: unknown; waiting?: { reason?: string } };
              lastState?: { terminated?: { exitCode?: number; message?: string } };
            }[];
          }
        | undefined
    )?.containerStatuses ?? [];
  const agent = containers.find((container) => container.name === "cilium-agent");
  const name = pod.metadata.name;
  if (!agent?.state?.running) {
    let description = "is not running";
    let lastLog = `try 'kubectl -n ${pod.metadata.namespace} logs -c cilium-agent ${name}'`;
    if (agent?.state?.waiting?.reason === "CrashLoopBackOff") description = "is in CrashLoopBackOff";
    const terminated = agent?.lastState?.terminated;
    if (terminated) {
      description = `${description}, exited with code ${terminated.exitCode ?? 0}`;
      if (terminated.message) lastLog = terminated.message.trim();
    }
    status.addError(
      "cilium",
      name,
      `unable to retrieve cilium status: container cilium-agent ${description}: ${lastLog}`,
    );
    return;
  }
  const exec = async (command: string[]) => {
    const result = await podExec(session.connection, {
      namespace: pod.metadata.namespace ?? "",
      pod: name,
      container: "cilium-agent",
      command,
      timeoutMs: 30_000,
    });
    if (result.failure) throw new Error(result.failure);
    // ExecInPod returns stderr as an error (StderrAsError).
    if (result.stderr !== "") throw new Error(result.stderr.trim());
    if (result.exitCode !== 0) throw new Error(`command terminated with exit code ${result.exitCode}`);
    return result.stdout;
  };
  try {
    const response = JSON.parse(await exec(["cilium", "status", "-o", "json"])) as AgentStatusResponse;
    const subsystem = (label: string, entry?: { state?: string; msg?: string }) => {
      const state = (entry?.state ?? "").toLowerCase();
      if (state === "warning") status.addWarning("cilium", name, `${label}: ${entry?.msg ?? ""}`);
      if (state === "failure") status.addError("cilium", name, `${label}: ${entry?.msg ?? ""}`);
    };
    subsystem("Cilium", response.cilium);
    subsystem("Health", response.cluster?.ciliumHealth);
    subsystem("Hubble", response.hubble);
    subsystem("Kubernetes", response.kubernetes);
    subsystem("Kvstore", response.kvstore);
    subsystem("AuthCertificateProvider", response["auth-certificate-provider"]);
    for (const controller of response.controllers ?? []) {
      const failures = controller.status?.["consecutive-failure-count"] ?? 0;
      if (failures === 0) continue;
      const since = Math.floor(
        (now.getTime() - Date.parse(controller.status?.["last-failure-timestamp"] ?? "")) / 1000,
      );
      status.addError(
        "cilium",
        name,
        `controller ${controller.name} is failing since ${goSeconds(since)} (${failures}x): ${controller.status?.["last-failure-msg"] ?? ""}`,
      );
    }
  } catch (error) {
    status.addError("cilium", name, `unable to retrieve cilium status: ${(error as Error).message}`);
  }
  try {
    const endpoints = JSON.parse(await exec(["cilium", "endpoint", "list", "-o", "json"])) as {
      status?: { state?: string };
    }[];
    const notReady = endpoints.filter(
      (endpoint) => endpoint?.status?.state !== undefined && endpoint.status.state !== "ready",
    ).length;
    if (notReady > 0) status.addWarning("cilium", name, `${notReady} endpoints are not ready`);
  } catch (error) {
    status.addError(
      "cilium",
      name,
      `unable to retrieve cilium endpoint information: ${(error as Error).message}`,
    );
  }
}

function goSeconds(total: number): string {
  if (!Number.isFinite(total) || total < 0) return "0s";
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
