import { describe, expect, it } from "vitest";
import { countsByWeightedService, probeCheck } from "../../../src/conformance/repo-contracts/probe-target.ts";
import type { ContractProbe } from "../../../src/conformance/repo-contracts/request-derivation.ts";

const request = {
  host: "shop.home.arpa",
  path: "/api/cc-contracts",
  method: "POST",
  headers: { "x-env": "canary" },
  query: { tier: "gold coin" },
};
const gateway = { address: "192.168.5.30", port: 8080 };

function probe(expect: ContractProbe["expect"]): ContractProbe {
  return { purpose: "reaches the rule", request, expect };
}

describe("probeCheck", () => {
  it("sends the request to the Gateway's address and port with the hostname in Host and the query encoded", () => {
    const check = probeCheck(probe({ kind: "status", status: 404 }), gateway);
    expect(check).toEqual({
      kind: "check",
      target: {
        url: "http://192.168.5.30:8080/",
        host: "shop.home.arpa",
        path: "/api/cc-contracts?tier=gold+coin",
        method: "POST",
        headers: { "x-env": "canary" },
      },
      expectation: { status: 404 },
      split: undefined,
      unobserved: [],
    });
  });

  it("expects the stand-in of the rule's Service, the path and host it must see, and headers a filter adds", () => {
    const check = probeCheck(
      probe({
        kind: "backend",
        backends: [{ namespace: "shop", service: "api", port: 80, weight: 1 }],
        seen: {
          host: "api.internal",
          path: "/v2?tier=gold+coin",
          headers: { set: { "x-from": "gateway" }, add: { "x-extra": "1" }, remove: ["x-env"] },
        },
        responseHeaders: { set: { "x-served": "yes" }, add: {}, remove: [] },
      }),
      gateway,
    );
    expect(check).toMatchObject({
      expectation: {
        serviceIn: ["api"],
        namespace: "shop",
        host: "api.internal",
        path: "/v2?tier=gold+coin",
        headers: { "x-from": "gateway", "x-extra": "1" },
      },
      split: undefined,
      unobserved: [
        "removed request headers x-env (the probe does not send them)",
        "response headers set by ResponseHeaderModifier",
      ],
    });
  });

  it("samples a split when the rule weighs more than one Service, and expects a redirect by status and Location", () => {
    const split = probeCheck(
      probe({
        kind: "backend",
        backends: [
          { namespace: "shop", service: "v1", port: 80, weight: 90 },
          { namespace: "shop", service: "v2", port: 80, weight: 10 },
        ],
        seen: { host: "shop.home.arpa", path: "/", headers: undefined },
        responseHeaders: undefined,
      }),
      gateway,
    );
    expect(split).toMatchObject({ expectation: { serviceIn: ["v1", "v2"] }, split: { v1: 90, v2: 10 } });
    expect(
      probeCheck(probe({ kind: "redirect", status: 301, location: "https://x/" }), gateway),
    ).toMatchObject({
      expectation: { status: 301, location: "https://x/" },
    });
    expect(
      probeCheck(probe({ kind: "not-asserted", reason: "the rule uses the RequestMirror filter" }), gateway),
    ).toEqual({
      kind: "not-asserted",
      reason: "the rule uses the RequestMirror filter",
    });
  });

  it("folds split counts of a stand-in that serves several Services onto the weighted one it names", () => {
    expect(countsByWeightedService({ "v1,v1-admin": 40, v2: 10, "v1,v2": 3 }, { v1: 90, v2: 10 })).toEqual({
      v1: 40,
      v2: 10,
      "v1,v2": 3,
    });
  });
});
