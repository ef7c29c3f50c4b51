import { describe, expect, it } from "vitest";
import {
  applyBudgetOverrides,
  budgetOverridesFromEnv,
  budgetOverridesFromText,
} from "../../src/plan/budget-overrides.ts";
import { defaultWaitBudgets, waitBudgetNames, waitBudgetTable } from "../../src/plan/wait-budgets.ts";

describe("wait budgets", () => {
  it("has a default and a reason for every wait", () => {
    for (const name of waitBudgetNames) {
      expect(waitBudgetTable[name].defaultValue).toBeGreaterThan(0);
      expect(waitBudgetTable[name].why.length).toBeGreaterThan(20);
    }
    expect(defaultWaitBudgets()).toMatchObject({
      lbIpAssigned: 60_000,
      requiredConsecutiveSuccesses: 3,
      // A cold 2-vCPU hosted runner pulls every digest-pinned image per node: at least 10 minutes.
      ciliumReady: 600_000,
      ciliumRollouts: 120_000,
    });
  });

  it("reads a JSON or YAML file of durations and counts", () => {
    expect(budgetOverridesFromText('{"lbIpAssigned": "90s", "ciliumReady": 120000}', "b.json")).toEqual({
      lbIpAssigned: 90_000,
      ciliumReady: 120_000,
    });
    expect(
      budgetOverridesFromText("connectivityTest: 1m30s\nrequiredConsecutiveSuccesses: 5\n", "b.yaml"),
    ).toEqual({
      connectivityTest: 90_000,
      requiredConsecutiveSuccesses: 5,
    });
    expect(budgetOverridesFromText("", "empty.yaml")).toEqual({});
  });

  it("reads env in any spelling of the name, and env wins over the file", () => {
    const env = {
      CILIUM_CONFORMANCE_BUDGET_LB_IP_ASSIGNED: "2m",
      CILIUM_CONFORMANCE_BUDGET_ARPANSWERED: "500ms",
      HOME: "/x",
    };
    const fromEnv = budgetOverridesFromEnv(env);
    expect(fromEnv).toEqual({ lbIpAssigned: 120_000, arpAnswered: 500 });
    const merged = applyBudgetOverrides(
      defaultWaitBudgets(),
      { lbIpAssigned: 1000, nodesReady: 5000 },
      fromEnv,
    );
    expect(merged).toMatchObject({ lbIpAssigned: 120_000, nodesReady: 5000, arpAnswered: 500 });
  });

  it.each([
    ['{"lbIpAsigned": "90s"}', /"lbIpAsigned" is not a known wait budget/],
    ['{"lbIpAssigned": "soon"}', /lbIpAssigned: "soon" is not a positive duration/],
    ['{"lbIpAssigned": -5}', /lbIpAssigned: -5 is not/],
    [
      '{"requiredConsecutiveSuccesses": "3s"}',
      /requiredConsecutiveSuccesses: "3s" is not a positive whole number/,
    ],
    ["[1, 2]", /expected a map/],
    ["{bad", /not valid JSON or YAML/],
  ])("refuses %s naming the key", (text, message) => {
    expect(() => budgetOverridesFromText(text, "budgets.json")).toThrow(message);
    expect(() => budgetOverridesFromText(text, "budgets.json")).toThrow(
      expect.objectContaining({ code: "CC_PLAN_BUDGETS_INVALID", exitCode: 2, file: "budgets.json" }),
    );
  });

  it("refuses a bad env override naming the variable", () => {
    expect(() => budgetOverridesFromEnv({ CILIUM_CONFORMANCE_BUDGET_NOPE: "1s" })).toThrow(
      /env CILIUM_CONFORMANCE_BUDGET_NOPE/,
    );
    expect(() => budgetOverridesFromEnv({ CILIUM_CONFORMANCE_BUDGET_NODES_READY: "10 min" })).toThrow(
      /env CILIUM_CONFORMANCE_BUDGET_NODES_READY: "10 min"/,
    );
  });
});
