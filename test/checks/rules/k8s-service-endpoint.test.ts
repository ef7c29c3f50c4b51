import { describe, expect, it } from "vitest";
import { k8sServiceEndpoint } from "../../../src/checks/rules/k8s-service-endpoint.ts";
import { findingsOf } from "../model-builder.ts";

describe("k8s-service-endpoint", () => {
  it("is silent when host and port are set", () => {
    const values = "kubeProxyReplacement: true\nk8sServiceHost: 192.168.5.10\nk8sServicePort: 6443\n";
    expect(findingsOf(k8sServiceEndpoint, { values })).toEqual([]);
  });

  it("is silent without kube-proxy replacement", () => {
    expect(findingsOf(k8sServiceEndpoint, { values: "kubeProxyReplacement: false\n" })).toEqual([]);
  });

  it("reports a missing host and port with KPR on, naming auto/ref on 1.18", () => {
    const findings = findingsOf(k8sServiceEndpoint, { values: "kubeProxyReplacement: true\n" });
    expect(findings.map((finding) => finding.severity)).toEqual(["error", "error"]);
    expect(findings[0]!.message).toContain("k8sServiceHost: auto");
    expect(findings[0]!.message).toContain("k8sServiceHostRef");
    expect(findings[1]!.message).toContain("`k8sServicePort: 6443`");
  });

  it("does not offer auto on 1.16, where the chart lacks it", () => {
    const [host] = findingsOf(k8sServiceEndpoint, {
      version: "1.16.19",
      values: "kubeProxyReplacement: true\n",
    });
    expect(host!.message).not.toContain("auto");
  });

  it("accepts k8sServiceHost: auto without a port on 1.17+, and k8sServiceHostRef on 1.18+", () => {
    expect(
      findingsOf(k8sServiceEndpoint, { values: "kubeProxyReplacement: true\nk8sServiceHost: auto\n" }),
    ).toEqual([]);
    const ref = "kubeProxyReplacement: true\nk8sServiceHostRef:\n  name: api-endpoint\n  key: host\n";
    expect(findingsOf(k8sServiceEndpoint, { values: ref })).toEqual([]);
  });

  it("treats 1.15's strict as KPR on", () => {
    expect(
      findingsOf(k8sServiceEndpoint, { version: "1.15.19", values: "kubeProxyReplacement: strict\n" }),
    ).toHaveLength(2);
  });
});
