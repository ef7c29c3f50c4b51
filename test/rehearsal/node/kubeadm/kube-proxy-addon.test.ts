import { describe, expect, it } from "vitest";
import { coreDnsObjects } from "../../../../rehearsal/node/kubeadm/addons.ts";
import { kubeProxyObjects } from "../../../../rehearsal/node/kubeadm/kube-proxy-addon.ts";
import type { NodeBootstrap } from "../../../../rehearsal/node/kubeadm/node-bootstrap.ts";
import { kubeProxyDaemonSets } from "../../../../src/conformance/kube-proxy-replacement/kube-proxy-daemonset.ts";

const bootstrap = {
  cluster: "cc",
  nodeName: "cc-control-plane",
  role: "control-plane",
  kubernetesVersion: "v1.35.0",
  nodeIP: "192.168.5.2",
  controlPlaneEndpoint: "cc-control-plane:6443",
  advertiseAddress: "192.168.5.2",
  podSubnet: "10.244.0.0/16",
  serviceSubnet: "10.96.0.0/16",
  labels: {},
  providerID: "kind://docker/cc/cc-control-plane",
  workers: 2,
  files: {},
} satisfies NodeBootstrap;

const daemonSets = (objects: { kind: string }[]) => objects.filter((o) => o.kind === "DaemonSet");

describe("kubeadm's kube-proxy addon (the kpr-kube-proxy-daemonset fault)", () => {
  it("is the DaemonSet kube-system/kube-proxy kubeadm makes, which the harness recognises", () => {
    const objects = kubeProxyObjects(bootstrap);
    expect(objects.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([
      "ServiceAccount kube-proxy",
      "ConfigMap kube-proxy",
      "DaemonSet kube-proxy",
    ]);
    expect(kubeProxyDaemonSets(daemonSets(objects) as never[])).toEqual(["kube-system/kube-proxy"]);
    const daemonSet = objects[2] as unknown as { spec: { template: { spec: Record<string, unknown> } } };
    const template = daemonSet.spec.template.spec;
    expect(template.hostNetwork).toBe(true);
    expect(template.tolerations).toEqual([{ operator: "Exists" }]);
    expect((template.containers as { image: string }[])[0]?.image).toBe("registry.k8s.io/kube-proxy:v1.35.0");
  });

  it("is not among the addons kubeadm applies for kind with kubeProxyMode none", () => {
    expect(kubeProxyDaemonSets(daemonSets(coreDnsObjects(bootstrap)) as never[])).toEqual([]);
  });
});
