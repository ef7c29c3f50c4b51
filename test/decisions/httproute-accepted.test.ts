import { describe, expect, it } from "vitest";
import type { WireCondition } from "../../src/decisions/condition.ts";
import {
  httpRouteAccepted,
  type WireHttpRoute,
  type WireParentRef,
} from "../../src/decisions/httproute-accepted.ts";

const cond = (type: string, status: string, reason: string, message: string): WireCondition => ({
  lastTransitionTime: "2026-03-02T10:00:00Z",
  message,
  reason,
  status,
  type,
});
const acceptedOk = cond("Accepted", "True", "Accepted", "Accepted HTTPRoute");
const resolvedOk = cond("ResolvedRefs", "True", "ResolvedRefs", "Service reference is valid");

function route(
  parentRefs: WireParentRef[],
  parents: { parentRef: WireParentRef; controllerName?: string; conditions: WireCondition[] }[],
): WireHttpRoute {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "echo-prefix", namespace: "cc-gateway", generation: 1 },
    spec: { parentRefs },
    status: {
      parents: parents.map((p) => ({
        parentRef: p.parentRef,
        controllerName: p.controllerName ?? "io.cilium/gateway-controller",
        conditions: p.conditions,
      })),
    },
  };
}

describe("httpRouteAccepted", () => {
  it("is accepted when Cilium's entry for the parent has Accepted and ResolvedRefs True", () => {
    const verdict = httpRouteAccepted(
      route([{ name: "cc-gw" }], [{ parentRef: { name: "cc-gw" }, conditions: [acceptedOk, resolvedOk] }]),
    );
    expect(verdict).toEqual({
      ok: true,
      seen: "Accepted and ResolvedRefs on 1 parent(s)",
      value: { parents: 1 },
    });
  });

  it("reports a missing backend (BackendNotFound)", () => {
    const verdict = httpRouteAccepted(
      route(
        [{ name: "cc-gw" }],
        [
          {
            parentRef: { name: "cc-gw" },
            conditions: [
              acceptedOk,
              cond("ResolvedRefs", "False", "BackendNotFound", 'services "nonexistent" not found'),
            ],
          },
        ],
      ),
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe("parent cc-gw: condition ResolvedRefs=False reason=BackendNotFound");
  });

  it("reports a cross-namespace backend without a ReferenceGrant (RefNotPermitted)", () => {
    const verdict = httpRouteAccepted(
      route(
        [{ name: "cc-gw" }],
        [
          {
            parentRef: { name: "cc-gw" },
            conditions: [
              acceptedOk,
              cond("ResolvedRefs", "False", "RefNotPermitted", "Cross namespace references are not allowed"),
            ],
          },
        ],
      ),
    );
    expect(verdict.seen).toContain("reason=RefNotPermitted");
  });

  it("reports a sectionName no listener has (NoMatchingParent), matching the parent by section", () => {
    const ref = { name: "cc-gw", namespace: "cc-gateway", port: 80, sectionName: "http1" };
    const verdict = httpRouteAccepted(
      route(
        [ref],
        [
          {
            parentRef: ref,
            conditions: [
              cond("Accepted", "False", "NoMatchingParent", "No matching listener with sectionName http1"),
              resolvedOk,
            ],
          },
        ],
      ),
    );
    expect(verdict.seen).toBe(
      "parent cc-gateway/cc-gw#http1: condition Accepted=False reason=NoMatchingParent",
    );
  });

  it("ignores other controllers' entries and says Cilium has not written one", () => {
    const verdict = httpRouteAccepted(
      route(
        [{ name: "cc-gw" }],
        [
          {
            parentRef: { name: "cc-gw" },
            controllerName: "example.com/other",
            conditions: [acceptedOk, resolvedOk],
          },
        ],
      ),
    );
    expect(verdict).toMatchObject({
      ok: false,
      seen: "parent cc-gw: no status from io.cilium/gateway-controller",
    });
  });

  it("needs every parent: one accepted and one missing is not enough", () => {
    const verdict = httpRouteAccepted(
      route(
        [{ name: "gw-a" }, { name: "gw-b" }],
        [{ parentRef: { name: "gw-a" }, conditions: [acceptedOk, resolvedOk] }],
      ),
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe("parent gw-b: no status from io.cilium/gateway-controller");
  });

  it("treats an explicit namespace equal to the route's as the same parent", () => {
    const verdict = httpRouteAccepted(
      route(
        [{ name: "cc-gw" }],
        [{ parentRef: { name: "cc-gw", namespace: "cc-gateway" }, conditions: [acceptedOk, resolvedOk] }],
      ),
    );
    expect(verdict.ok).toBe(true);
  });

  it("accepts a GAMMA route whose parent is a Service", () => {
    const ref = { group: "", kind: "Service", name: "echo", port: 80 };
    const verdict = httpRouteAccepted(
      route([ref], [{ parentRef: ref, conditions: [acceptedOk, resolvedOk] }]),
    );
    expect(verdict.ok).toBe(true);
  });

  it("does not trust a status written for an older generation", () => {
    const stale = route(
      [{ name: "cc-gw" }],
      [
        {
          parentRef: { name: "cc-gw" },
          conditions: [acceptedOk, resolvedOk].map((c) => ({ ...c, observedGeneration: 1 })),
        },
      ],
    );
    stale.metadata = { ...stale.metadata, generation: 2 };
    expect(httpRouteAccepted(stale).seen).toBe(
      "parent cc-gw: Accepted is for generation 1; parent cc-gw: ResolvedRefs is for generation 1",
    );
  });
});
