// The rehearsal's API server as a pod of the double meets it: HTTPS with the cluster CA, and a
// ServiceAccount bearer token (the kubelet double's CC_SERVICEACCOUNT_DIR token).

import { KubeRestClient } from "../../../rehearsal/k8s/kube-rest-client.ts";
import { FakeKubeApi, type FakeResource } from "../../support/fake-kube-api.ts";

export const TEST_SA_TOKEN = "test-serviceaccount-token";

export async function startServiceAccountApi(
  options: { resources?: readonly FakeResource[]; namespaces?: readonly string[] } = {},
): Promise<{ api: FakeKubeApi; client: KubeRestClient }> {
  const api = await FakeKubeApi.start({
    ...(options.resources ? { resources: options.resources } : {}),
    // Cilium's own namespace exists, as the chart's install creates it (a real API server refuses
    // objects in a namespace that does not).
    namespaces: options.namespaces ?? ["cilium"],
    tokens: [
      (token) =>
        token === TEST_SA_TOKEN
          ? {
              name: "system:serviceaccount:kube-system:cilium",
              groups: [
                "system:serviceaccounts",
                "system:serviceaccounts:kube-system",
                "system:authenticated",
              ],
            }
          : undefined,
    ],
  });
  const client = new KubeRestClient({ server: api.url, ca: api.pki.ca.cert, token: () => TEST_SA_TOKEN });
  return { api, client };
}
