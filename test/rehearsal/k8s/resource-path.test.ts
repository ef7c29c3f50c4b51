import { describe, expect, it } from "vitest";
import { kindPath, objectPath, RESOURCES, resourcePath } from "../../../rehearsal/k8s/resource-path.ts";

describe("resource paths", () => {
  it("names core, grouped, namespaced, cluster-scoped and subresource paths", () => {
    expect(kindPath("v1", "Service", { namespace: "a", name: "b" })).toBe("/api/v1/namespaces/a/services/b");
    expect(kindPath("cilium.io/v2", "CiliumLoadBalancerIPPool", { name: "p", subresource: "status" })).toBe(
      "/apis/cilium.io/v2/ciliumloadbalancerippools/p/status",
    );
    expect(kindPath("gateway.networking.k8s.io/v1", "HTTPRoute")).toBe(
      "/apis/gateway.networking.k8s.io/v1/httproutes",
    );
    expect(() => kindPath("x/v1", "Thing")).toThrow(/no path for Thing/);
  });
});

describe("objectPath (kubeadm's manifests)", () => {
  it("puts namespaced objects in their namespace (default: default) and cluster-scoped ones at the root", () => {
    const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
    expect(
      objectPath({ apiVersion: "v1", kind: "ConfigMap", metadata: meta("kubeadm-config", "kube-system") }),
    ).toBe("/api/v1/namespaces/kube-system/configmaps/kubeadm-config");
    expect(objectPath({ apiVersion: "v1", kind: "Endpoints", metadata: meta("kubernetes") })).toBe(
      "/api/v1/namespaces/default/endpoints/kubernetes",
    );
    expect(
      objectPath(
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: meta("x") },
        { withName: false },
      ),
    ).toBe("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings");
  });

  it("guesses the plural of a kind no table knows, as meta.UnsafeGuessKindToResource does", () => {
    const path = (kind: string) => objectPath({ apiVersion: "x.io/v1", kind, metadata: { name: "n" } });
    expect(path("Policy")).toBe("/apis/x.io/v1/namespaces/default/policies/n");
    expect(path("Ingress")).toBe("/apis/x.io/v1/namespaces/default/ingresses/n");
    expect(path("Widget")).toBe("/apis/x.io/v1/namespaces/default/widgets/n");
  });
});

describe("RESOURCES (the agent's kinds)", () => {
  it("name the resources the agent reads and writes", () => {
    expect(resourcePath(RESOURCES.leases, { namespace: "kube-system", name: "l" })).toBe(
      "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/l",
    );
    expect(resourcePath(RESOURCES.l2Policies)).toBe("/apis/cilium.io/v2alpha1/ciliuml2announcementpolicies");
    expect(resourcePath(RESOURCES.ciliumNodes, { name: "n", namespace: "ignored" })).toBe(
      "/apis/cilium.io/v2/ciliumnodes/n",
    );
  });
});
