// The `ciliumRollouts` wait: every DaemonSet and Deployment the Cilium Helm release created is
// fully rolled out and available (kubectl rollout status' rule, src/decisions/rollout-ready.ts).
// It runs after `cilium status --wait --ignore-warnings`, so a rollout that status only warned
// about (pods pending, replicas ready but not available) still fails `up` with what it last saw.
// Helm marks what it creates with the annotation meta.helm.sh/release-name (helm v4
// pkg/action/validate.go setMetadataVisitor, vendored by cilium-cli v0.19.7).

import {
  daemonSetReady,
  deploymentReady,
  type WireDaemonSet,
  type WireDeployment,
} from "../decisions/rollout-ready.ts";
import type { Observation } from "../wait/wait-until.ts";
import type { KubeAccess, KubeObject } from "./kube-access.ts";

export const HELM_RELEASE_ANNOTATION = "meta.helm.sh/release-name";
/** The agent's DaemonSet: present in every install, so an empty listing is never "done". */
export const AGENT_DAEMONSET = "cilium";
const PODS_SHOWN = 5;

export interface ReleaseWorkloads {
  release: string;
  namespace: string;
  daemonSets: readonly KubeObject[];
  deployments: readonly KubeObject[];
  pods: readonly KubeObject[];
}

/** One look: done when every workload of the release is rolled out; `seen` says what is not. */
export function releaseRollouts(input: ReleaseWorkloads): Observation<true> {
  const ofRelease = (object: KubeObject) => annotationsOf(object)[HELM_RELEASE_ANNOTATION] === input.release;
  const daemonSets = input.daemonSets.filter(ofRelease);
  const deployments = input.deployments.filter(ofRelease);
  if (!daemonSets.some((ds) => ds.metadata.name === AGENT_DAEMONSET)) {
    return {
      done: false,
      seen: `DaemonSet ${input.namespace}/${AGENT_DAEMONSET} of Helm release ${input.release} not found (release workloads: ${[...daemonSets, ...deployments].map(describe).join(", ") || "none"})`,
    };
  }
  const verdicts = [
    ...daemonSets.map((ds) => ({ object: ds, verdict: daemonSetReady(ds as WireDaemonSet) })),
    ...deployments.map((d) => ({ object: d, verdict: deploymentReady(d as WireDeployment) })),
  ];
  const pending = verdicts.filter(({ verdict }) => !verdict.ok);
  const total = verdicts.length;
  if (pending.length === 0) {
    return { done: true, value: true, seen: `${total}/${total} rolled out` };
  }
  const waiting = input.pods.filter((pod) => !podReady(pod)).map(describePod);
  const pods =
    waiting.length === 0
      ? ""
      : `; pods not ready: ${waiting.slice(0, PODS_SHOWN).join(", ")}${waiting.length > PODS_SHOWN ? ` (+${waiting.length - PODS_SHOWN} more)` : ""}`;
  return {
    done: false,
    seen: `${total - pending.length}/${total} rolled out; ${pending.map(({ object, verdict }) => `${describe(object)}: ${verdict.seen}`).join("; ")}${pods}`,
  };
}

/** Reads the release's workloads and pods through the API and judges them. */
export async function observeReleaseRollouts(
  kube: Pick<KubeAccess, "list">,
  namespace: string,
  release: string,
): Promise<Observation<true>> {
  const [daemonSets, deployments, pods] = await Promise.all([
    kube.list("apps/v1", "DaemonSet", namespace),
    kube.list("apps/v1", "Deployment", namespace),
    kube.list("v1", "Pod", namespace),
  ]);
  return releaseRollouts({ release, namespace, daemonSets, deployments, pods });
}

function annotationsOf(object: KubeObject): Record<string, string> {
  const annotations = object.metadata.annotations;
  return typeof annotations === "object" && annotations !== null
    ? (annotations as Record<string, string>)
    : {};
}

function describe(object: KubeObject): string {
  return `${object.kind.toLowerCase()}/${object.metadata.name}`;
}

interface WirePod {
  status?: {
    phase?: string;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    containerStatuses?: { name?: string; ready?: boolean; state?: Record<string, { reason?: string }> }[];
  };
}

function podReady(pod: KubeObject): boolean {
  const status = (pod as WirePod).status;
  if (status?.phase === "Succeeded") return true;
  return (status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

function describePod(pod: KubeObject): string {
  const status = (pod as WirePod).status ?? {};
  const unscheduled = (status.conditions ?? []).find(
    (c) => c.type === "PodScheduled" && c.status === "False",
  );
  const waiting = (status.containerStatuses ?? [])
    .map((c) => c.state?.waiting?.reason ?? c.state?.terminated?.reason)
    .filter((reason): reason is string => reason !== undefined);
  const why = unscheduled
    ? `${unscheduled.reason ?? "Unschedulable"}: ${unscheduled.message ?? ""}`.trim()
    : waiting.join(", ");
  return `${pod.metadata.name} ${status.phase ?? "?"}${why ? ` (${why})` : ""}`;
}
