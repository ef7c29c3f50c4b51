import { describe, expect, it } from "vitest";
import {
  isClusterDnsName,
  k8sServiceHostResolvable,
} from "../../../src/checks/rules/k8s-service-host-resolvable.ts";
import { findingsOf, VALUES_FILE } from "../model-builder.ts";

const values = (host: string, kpr = "true") =>
  `kubeProxyReplacement: ${kpr}\nk8sServiceHost: ${host}\nk8sServicePort: 6443\n`;

describe("k8s-service-host-resolvable", () => {
  it.each([
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
    "kubernetes",
    "kubernetes.default",
    "api.kube-system.svc",
    "apiserver.homelab.cluster.local",
  ])("reports the cluster DNS name %s with KPR on, at its line", (host) => {
    const [finding, ...rest] = findingsOf(k8sServiceHostResolvable, { values: values(host) });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: "k8s-service-host-resolvable",
      severity: "error",
      file: VALUES_FILE,
      line: 2,
    });
    expect(finding!.message).toContain(`k8sServiceHost is "${host}", a cluster DNS name`);
    expect(finding!.message).toContain("node's own resolver");
  });

  it.each(["192.168.5.10", "api.homelab.lan", "k8s-api.example.com", "auto"])(
    "accepts %s (an IP, a name the nodes resolve, auto)",
    (host) => {
      expect(findingsOf(k8sServiceHostResolvable, { values: values(host) })).toEqual([]);
    },
  );

  it("is silent without kube-proxy replacement (kube-proxy translates the kubernetes Service)", () => {
    expect(
      findingsOf(k8sServiceHostResolvable, { values: values("kubernetes.default.svc", "false") }),
    ).toEqual([]);
  });

  it("knows a cluster name by its svc label or the cluster.local suffix, not by a substring", () => {
    expect(isClusterDnsName("svc-api.homelab.lan")).toBe(false);
    expect(isClusterDnsName("KUBERNETES.DEFAULT.SVC.")).toBe(true);
  });
});
