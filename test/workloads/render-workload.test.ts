import { describe, expect, it } from "vitest";
import { renderWorkload, renderWorkloadText } from "../../src/workloads/render-workload.ts";

const base = { NAMESPACE: "cc-l2-abc", RUN_ID: "abc", BACKEND: "echo-a", ECHO_IMAGE: "echo:1", REPLICAS: 2 };

describe("renderWorkload", () => {
  it("renders the echo backend with the Downward API env the echo probe relies on", () => {
    const [deployment, service] = renderWorkload("echo/echo-backend.yaml", base);
    expect(deployment).toMatchObject({
      kind: "Deployment",
      metadata: { name: "echo-a", namespace: "cc-l2-abc" },
    });
    expect(JSON.stringify(deployment)).toContain('"fieldPath":"metadata.name"');
    expect((deployment as { spec: { replicas: number } }).spec.replicas).toBe(2);
    expect(service).toMatchObject({ kind: "Service", spec: { ports: [{ port: 8080, targetPort: 3000 }] } });
  });

  it("renders annotation maps given as flow YAML", () => {
    const [service] = renderWorkload("echo/loadbalancer-service.yaml", {
      ...base,
      SERVICE_NAME: "lb-last",
      SERVICE_LABELS: "{}",
      SERVICE_ANNOTATIONS: '{"lbipam.cilium.io/ips": "192.168.5.254"}',
    });
    expect(service).toMatchObject({
      metadata: { annotations: { "lbipam.cilium.io/ips": "192.168.5.254" } },
      spec: { type: "LoadBalancer" },
    });
  });

  it("refuses a template with a placeholder the suite did not fill, naming it", () => {
    expect(() => renderWorkload("gateway-api/httproutes.yaml", base)).toThrow(
      "workload fixtures/workloads/gateway-api/httproutes.yaml needs ${HOSTNAME_SUFFIX}",
    );
  });

  it("reports YAML broken by a value", () => {
    expect(() => renderWorkloadText("a: ${X}\n", { X: "[unclosed" }, "t.yaml")).toThrow("not valid YAML");
  });

  it("renders the five gateway routes with their backends", () => {
    const routes = renderWorkload("gateway-api/httproutes.yaml", {
      ...base,
      HOSTNAME_SUFFIX: "conformance.test",
    });
    expect(routes.map((route) => (route.metadata as { name: string }).name)).toEqual([
      "path-prefix",
      "exact-path",
      "header-match",
      "hostname",
      "weighted-split",
    ]);
  });
});
