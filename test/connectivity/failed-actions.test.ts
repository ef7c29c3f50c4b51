import { describe, expect, it } from "vitest";
import { parseActionLine, parseFailedActions } from "../../src/connectivity/failed-actions.ts";

describe("parseActionLine", () => {
  it("splits test, scenario, action and peers", () => {
    expect(
      parseActionLine(
        "no-policies/pod-to-service:curl-1: cilium-test-1/client-6b4b857d98-ld2xn (10.244.1.4) -> cilium-test-1/echo-same-node (echo-same-node.cilium-test-1:8080)",
      ),
    ).toEqual({
      test: "no-policies",
      scenario: "pod-to-service",
      action: "curl-1",
      peers:
        "cilium-test-1/client-6b4b857d98-ld2xn (10.244.1.4) -> cilium-test-1/echo-same-node (echo-same-node.cilium-test-1:8080)",
    });
  });

  it("keeps a colon inside an older scenario name and allows missing peers", () => {
    expect(parseActionLine("no-policies/pod-to-world:one:http-to-one-one-one-one-0")).toEqual({
      test: "no-policies",
      scenario: "pod-to-world:one",
      action: "http-to-one-one-one-one-0",
      peers: undefined,
    });
  });

  it("reads check-log-errors' actions, whose names carry the container after a space (v0.19.7)", () => {
    expect(
      parseActionLine(
        "check-log-errors/no-errors-in-logs:kind-cc-r1/kube-system/cilium-7xk2p (cilium-agent)",
      ),
    ).toEqual({
      test: "check-log-errors",
      scenario: "no-errors-in-logs",
      action: "kind-cc-r1/kube-system/cilium-7xk2p (cilium-agent)",
      peers: undefined,
    });
    // Name() appends the package of the most common failure to the scenario.
    expect(
      parseActionLine(
        "check-log-errors/no-errors-in-logs:pkg/l2announcer:kind-cc-r1/cilium/cilium-operator-5d8f9b7c6-x2x9z (cilium-operator)",
      ),
    ).toEqual({
      test: "check-log-errors",
      scenario: "no-errors-in-logs:pkg/l2announcer",
      action: "kind-cc-r1/cilium/cilium-operator-5d8f9b7c6-x2x9z (cilium-operator)",
      peers: undefined,
    });
  });

  it("rejects lines of another shape", () => {
    expect(parseActionLine('level=error msg="Failed to update lock"')).toBeUndefined();
    expect(parseActionLine("timeout reached waiting for deployment cilium-test-1/client")).toBeUndefined();
    expect(parseActionLine("a/b")).toBeUndefined();
    expect(parseActionLine("check-log-errors/no-errors-in-logs:found 3 logs matching")).toBeUndefined();
  });
});

describe("parseFailedActions", () => {
  it("separates action lines from other text", () => {
    const list = parseFailedActions(
      "check-log-errors/no-errors-in-logs:kind-worker2/cilium-agent\nlevel=error msg=boom\n\n",
    );
    expect(list.actions).toEqual([
      {
        test: "check-log-errors",
        scenario: "no-errors-in-logs",
        action: "kind-worker2/cilium-agent",
        peers: undefined,
      },
    ]);
    expect(list.otherLines).toEqual(["level=error msg=boom"]);
  });
});
