import { describe, expect, it } from "vitest";
import {
  decideDeletion,
  generatedName,
  parseDeleteOptions,
  readyToRemove,
} from "../../../rehearsal/kube-api/deletion.ts";

const now = new Date("2026-12-03T07:00:00Z");

describe("what a DELETE does (apiserver BeforeDelete, pod CheckGracefulDelete, namespace storage)", () => {
  it("removes a plain object at once, marks one with finalizers", () => {
    expect(decideDeletion("configmaps", "", { metadata: { name: "a" } }, {}, now)).toEqual({
      action: "remove",
    });
    const marked = decideDeletion("configmaps", "", { metadata: { name: "a", finalizers: ["x"] } }, {}, now);
    expect(marked).toMatchObject({
      action: "mark",
      object: { metadata: { deletionTimestamp: "2026-12-03T07:00:00Z" } },
    });
  });

  it("adds foregroundDeletion or orphan for those propagation policies", () => {
    const fg = decideDeletion(
      "deployments",
      "apps",
      { metadata: { name: "d" } },
      { propagationPolicy: "Foreground" },
      now,
    );
    expect(fg.action === "mark" && fg.object.metadata).toMatchObject({ finalizers: ["foregroundDeletion"] });
  });

  it("deletes a bound pod gracefully (deletionTimestamp = now + grace), an unbound one at once", () => {
    const bound = { metadata: { name: "p" }, spec: { nodeName: "w1", terminationGracePeriodSeconds: 30 } };
    expect(decideDeletion("pods", "", bound, {}, now)).toMatchObject({
      action: "mark",
      object: { metadata: { deletionTimestamp: "2026-12-03T07:00:30Z", deletionGracePeriodSeconds: 30 } },
    });
    expect(decideDeletion("pods", "", bound, { gracePeriodSeconds: 0 }, now)).toEqual({ action: "remove" });
    expect(decideDeletion("pods", "", { metadata: { name: "p" }, spec: {} }, {}, now)).toEqual({
      action: "remove",
    });
  });

  it("keeps a namespace Terminating until both finalizer lists are empty", () => {
    const ns = { metadata: { name: "n" }, spec: { finalizers: ["kubernetes"] } };
    const decision = decideDeletion("namespaces", "", ns, {}, now);
    expect(decision).toMatchObject({ action: "mark", object: { status: { phase: "Terminating" } } });
    const object = decision.action === "mark" ? decision.object : {};
    expect(readyToRemove("namespaces", "", object)).toBe(false);
    expect(readyToRemove("namespaces", "", { ...object, spec: { finalizers: [] } })).toBe(true);
  });

  it("reads DeleteOptions from the body and the query, and generates names from the API's alphabet", () => {
    expect(
      parseDeleteOptions(
        '{"gracePeriodSeconds":5,"preconditions":{"uid":"u"}}',
        new URLSearchParams("propagationPolicy=Orphan"),
      ),
    ).toEqual({
      gracePeriodSeconds: 5,
      preconditions: { uid: "u" },
      propagationPolicy: "Orphan",
    });
    expect(generatedName("echo-", () => 0)).toBe("echo-bbbbb");
  });
});
