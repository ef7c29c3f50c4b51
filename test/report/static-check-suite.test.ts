// The static checks as a report suite, from the seed homelab's real findings.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkRules, runChecks } from "../../src/checks/run-checks.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { staticCheckSuite } from "../../src/report/static-check-suite.ts";

const HOMELAB = fileURLToPath(new URL("../../fixtures/homelab", import.meta.url));

describe("staticCheckSuite on fixtures/homelab", () => {
  const suite = staticCheckSuite(runChecks(loadInfraRepo(HOMELAB)), checkRules);
  const failed = suite.cases.filter((testCase) => testCase.status === "failed");

  it("fails the rules of the seed's two errors, the broadcast address with file:line, what is wrong and the fix in its message", () => {
    expect(failed.map((testCase) => testCase.name.split(":")[0])).toEqual([
      "pool-lan-collisions",
      "l2-shared-ip-leases",
    ]);
    expect(failed[0]?.name).toMatch(/^pool-lan-collisions: /);
    expect(failed[0]?.failureMessage).toBe(
      "infra/configs/cilium/load-balancer-ip-pool.yaml:8: CiliumLoadBalancerIPPool home-compute-pool: block " +
        "192.168.5.30–192.168.5.255 includes 192.168.5.255, the broadcast address of the LAN 192.168.5.0/24. " +
        "… Fix: set `stop: 192.168.5.254`.",
    );
  });

  it("keeps the whole finding, why and aside included, in the failure text", () => {
    const text = failed[0]?.failureText ?? "";
    expect(text).toMatch(
      /^error pool-includes-broadcast-address at infra\/configs\/cilium\/load-balancer-ip-pool.yaml:8\n/,
    );
    expect(text).toContain("LAN taken as 192.168.5.0/24");
    expect(text).toContain("they broadcast to it instead of ARPing for the announcing node");
    expect(text).toContain("Fix: set `stop: 192.168.5.254`.");
  });
});
