// "Does the run's cluster answer?" — before any suite: the guarded client on the run's
// kubeconfig reads the namespace Cilium was installed into. A refusal or no answer is an infrastructure
// failure (exit 3), not a failed suite.

import { checkHarnessContext } from "../cluster/kube-context-guard.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { ConformanceError, EnvironmentError } from "../errors.ts";
import { openKubeClient } from "../k8s/kube-client.ts";
import { getObject } from "../k8s/read-objects.ts";

export async function checkClusterAnswers(context: RunContext): Promise<void> {
  const identity = { clusterName: context.clusterName, lanSubnet: context.network.subnet };
  const client = openKubeClient({
    kubeconfigPath: context.kubeconfigPath,
    context: context.kubeContext,
    guard: (info) => {
      const verdict = checkHarnessContext(info.name, info.server, identity);
      return verdict.ok ? { allowed: true } : { allowed: false, reason: verdict.reason };
    },
  });
  try {
    const name = context.ciliumNamespace;
    const namespace = await getObject(client, { apiVersion: "v1", kind: "Namespace", name });
    if (!namespace) throw new Error(`Cilium's namespace ${name} does not exist`);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    const detail =
      error instanceof ConformanceError || error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(
      "CC_ENV_CLUSTER_UNREACHABLE",
      `the cluster of run ${context.runId} (${client.context.server}) does not answer: ${detail}`,
      {
        cause: error,
        hint: `is the kind cluster ${context.clusterName} still running? \`docker ps --filter label=io.x-k8s.kind.cluster=${context.clusterName}\`; run \`cilium-conformance up\` again if not`,
      },
    );
  }
}
