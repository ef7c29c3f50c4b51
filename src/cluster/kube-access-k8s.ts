// KubeAccess over the harness's Kubernetes layer (src/k8s), opened only after the context guard
// agrees that the kubeconfig is the harness's own kind cluster.

import { applyObjects } from "../k8s/apply-manifests.ts";
import { openKubeClient } from "../k8s/kube-client.ts";
import type { KubeObject as WireKubeObject } from "../k8s/kube-object.ts";
import { getObject, listObjects } from "../k8s/read-objects.ts";
import type { KubeAccess, KubeAccessFactory, KubeObject } from "./kube-access.ts";
import { checkHarnessContext, type HarnessClusterIdentity } from "./kube-context-guard.ts";

export function k8sKubeAccessFactory(identity: HarnessClusterIdentity, force = false): KubeAccessFactory {
  return (kubeconfigPath, context): KubeAccess => {
    const client = openKubeClient({
      kubeconfigPath,
      context,
      guard: (info) => {
        const verdict = checkHarnessContext(info.name, info.server, identity);
        if (verdict.ok || force) return { allowed: true };
        return {
          allowed: false,
          reason: verdict.reason,
          hint: "the harness only acts on its own kind cluster; --force-context overrides this",
        };
      },
    });
    return {
      async applyServerSide(objects, fieldManager) {
        await applyObjects(client, objects as unknown as WireKubeObject[], { fieldManager, force: true });
      },
      async get(apiVersion, kind, name, namespace) {
        const object = await getObject(client, {
          apiVersion,
          kind,
          name,
          ...(namespace ? { namespace } : {}),
        });
        return object as unknown as KubeObject | undefined;
      },
      async list(apiVersion, kind, namespace) {
        const result = await listObjects(client, { apiVersion, kind, ...(namespace ? { namespace } : {}) });
        return result.items as unknown as KubeObject[];
      },
    };
  };
}
