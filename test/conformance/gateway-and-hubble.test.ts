import { describe, expect, it } from "vitest";
import { backendOfPod } from "../../src/conformance/gateway-api/echo-backend-of.ts";
import { gatewayHttpCases, routeMatches } from "../../src/conformance/gateway-api/gateway-http-cases.ts";
import { gatewayServiceRef } from "../../src/conformance/gateway-api/gateway-service.ts";
import { forwardedToEcho } from "../../src/conformance/hubble/echo-flows.ts";
import { hubbleUiServes } from "../../src/conformance/hubble/ui-page.ts";
import type { FlowRecord } from "../../src/probes/hubble/flow-record.ts";
import { renderWorkload } from "../../src/workloads/render-workload.ts";

const routes = renderWorkload("gateway-api/httproutes.yaml", {
  NAMESPACE: "ns",
  RUN_ID: "r",
  HOSTNAME_SUFFIX: "conformance.test",
});

describe("gatewayHttpCases from the suite's HTTPRoutes", () => {
  const cases = gatewayHttpCases(routes);
  it("derives one request per rule, its backend, the split and the 404", () => {
    expect(
      cases.map((c) =>
        c.kind === "route"
          ? [c.kind, c.request, c.backend]
          : c.kind === "split"
            ? [c.kind, c.request, c.weights]
            : [c.kind, c.request],
      ),
    ).toEqual([
      ["route", { path: "/prefix/conformance" }, "echo-a"],
      ["route", { path: "/exact" }, "echo-b"],
      ["route", { path: "/header/conformance", headers: { "x-echo-backend": "b" } }, "echo-b"],
      ["route", { path: "/header/conformance" }, "echo-a"],
      ["route", { path: "/", host: "b.conformance.test" }, "echo-b"],
      ["split", { path: "/split/conformance" }, { "echo-a": 50, "echo-b": 50 }],
      ["no-match", { path: "/cc-unrouted" }],
    ]);
  });
  it("names cases by route and feature", () => {
    expect(cases.map((c) => c.name)).toContain("exact-path: exact path /exact → echo-b");
    expect(cases.map((c) => c.name)).toContain("hostname: hostname host b.conformance.test → echo-b");
  });
  it("each request is taken by its own route (and the 404 by none)", () => {
    for (const c of cases) {
      const takers = routes
        .filter((route) => routeMatches(route, c.request))
        .map((route) => (route.metadata as { name: string }).name);
      if (c.kind === "no-match") expect(takers).toEqual([]);
      else expect(takers).toContain(c.route);
    }
  });
  it("has no 404 case when a route takes every path", () => {
    const all = { metadata: { name: "all" }, spec: { rules: [{ backendRefs: [{ name: "echo-a" }] }] } };
    expect(gatewayHttpCases([all]).some((c) => c.kind === "no-match")).toBe(false);
  });
  it("tells backends apart by pod name, longest name first", () => {
    expect(backendOfPod("echo-a-6d9f7c8b5-x2x9q", ["echo-a", "echo-ab"])).toBe("echo-a");
    expect(backendOfPod("echo-ab-6d9f7c8b5-x2x9q", ["echo-a", "echo-ab"])).toBe("echo-ab");
    expect(backendOfPod("other-1", ["echo-a"])).toBeUndefined();
  });
});

describe("the Gateway's Service", () => {
  it("is cilium-gateway-<gateway> in the Gateway's namespace, as Cilium's operator names it", () => {
    expect(gatewayServiceRef("cc-gw", "conformance")).toEqual({
      apiVersion: "v1",
      kind: "Service",
      namespace: "cc-gw",
      name: "cilium-gateway-conformance",
    });
  });
});

const flow = (verdict: string, namespace: string, podName?: string): FlowRecord => ({
  time: "2026-11-26T20:00:00.123456789Z",
  epochMs: Date.parse("2026-11-26T20:00:00.123Z"),
  verdict,
  source: { namespace, podName: "client", labels: [] },
  destination: { namespace, ...(podName ? { podName } : {}), labels: ["k8s:app=echo-hubble"] },
});

describe("Hubble expectations", () => {
  it("finds FORWARDED flows to echo pods with names resolved", () => {
    const verdict = forwardedToEcho(
      [
        flow("FORWARDED", "ns", "echo-hubble-7f9-abcde"),
        flow("DROPPED", "ns", "echo-hubble-7f9-abcde"),
        flow("FORWARDED", "ns"),
      ],
      "ns",
      ["echo-hubble"],
    );
    expect(verdict.ok).toBe(true);
    expect(verdict.value?.pods).toEqual(["echo-hubble-7f9-abcde"]);
    expect(verdict.seen).toBe(
      "3 flow(s) in ns (2 FORWARDED, 1 DROPPED); 1 FORWARDED to echo pods echo-hubble-7f9-abcde",
    );
  });
  it("fails on drops only, or flows without pod names", () => {
    expect(forwardedToEcho([flow("DROPPED", "ns", "echo-hubble-1-a")], "ns", ["echo-hubble"]).ok).toBe(false);
    expect(forwardedToEcho([flow("FORWARDED", "ns")], "ns", ["echo-hubble"]).ok).toBe(false);
    expect(forwardedToEcho([], "ns", ["echo-hubble"]).seen).toBe(
      "0 flow(s) in ns (no flows); 0 FORWARDED to echo pods",
    );
  });
  it("accepts the UI's HTML page only", () => {
    expect(
      hubbleUiServes(200, "text/html; charset=utf-8", "<!doctype html><html><head><title>Hubble UI</title>")
        .ok,
    ).toBe(true);
    expect(hubbleUiServes(503, "text/html", "<html>").ok).toBe(false);
    expect(hubbleUiServes(200, "application/json", "{}").seen).toContain("not HTML");
    expect(hubbleUiServes(200, "text/html", "").seen).toContain("no HTML document");
  });
});
