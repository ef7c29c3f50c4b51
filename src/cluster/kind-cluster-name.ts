// Safety before `kind create`: the cluster name must be free. kind refuses a taken name and
// creates nothing, but the failure cleanup would then `kind delete` that name, which removes
// whichever cluster holds it (kind deletes by its node label, on any network) — with --name or
// CILIUM_CONFORMANCE_RUN_ID that can be a cluster the harness never made.

import { EnvironmentError } from "../errors.ts";
import { KIND_CLUSTER_LABEL } from "./teardown-decision.ts";

export interface KindNodeLister {
  psByLabel(labels: readonly string[]): Promise<string[]>;
}

export async function checkKindClusterNameFree(name: string, docker: KindNodeLister): Promise<void> {
  const nodes = await docker.psByLabel([`${KIND_CLUSTER_LABEL}=${name}`]);
  if (nodes.length === 0) return;
  throw new EnvironmentError(
    "CC_ENV_CLUSTER_CONFLICT",
    `a kind cluster named ${name} already exists (node ${nodes.sort().join(", ")}); the harness never creates over or deletes a cluster it did not start in this run`,
    {
      hint: `if it is a harness leftover, \`cilium-conformance down --run-id <its run id>\` or \`down --all\` removes it; otherwise choose another --name`,
    },
  );
}
