// The repos the rehearsal must be green on differ from the fixture in the intended ways, and each
// is clean for the harness's own static checks (so run's exit is the suites' verdict).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VARIANTS, writeFaultBaselineRepo, writeVariantRepo } from "../../rehearsal/variant-repos.ts";
import { runChecks } from "../../src/checks/run-checks.ts";
import { compatFor } from "../../src/compat/compat-for.ts";
import { contractSet } from "../../src/conformance/repo-contracts/contract-set.ts";
import { planRepoContracts } from "../../src/conformance/repo-contracts/contracts-plan.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";

let dir: string;
const repos = new Map<string, ReturnType<typeof loadInfraRepo>>();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "variants-"));
  for (const variant of VARIANTS) repos.set(variant, loadInfraRepo(await writeVariantRepo(variant, dir)));
  repos.set("fault-baseline", loadInfraRepo(await writeFaultBaselineRepo(join(dir, "baseline"))));
});
const variantModels = () => [...repos].filter(([name]) => name !== "fault-baseline");
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the rehearsal's variant repos", () => {
  it("have no static-check error", () => {
    for (const [variant, model] of variantModels()) {
      const errors = runChecks(model).filter((finding) => finding.severity === "error");
      expect(errors.map((e) => `${variant}: ${e.id} ${e.message}`)).toEqual([]);
    }
  });

  it("fault baseline: the seed's static errors but l2-shared-ip-leases (its Pi-hole pair merged), so a healthy run exits 1", () => {
    const errors = runChecks(repos.get("fault-baseline")!).filter((finding) => finding.severity === "error");
    expect(errors.map((e) => e.id)).toEqual(["pool-includes-broadcast-address"]);
  });

  it("take check's fix for the fixture's Pi-hole pair: one Service with both ports, so no l2-shared-ip-leases error", () => {
    for (const [variant, model] of repos) {
      const ids = runChecks(model).map((finding) => finding.id);
      expect(ids, variant).not.toContain("l2-shared-ip-leases");
      const pihole = (model.services ?? []).filter((s) => s.namespace === "pihole");
      expect(pihole.map((s) => s.name)).toEqual(["pihole-dns"]);
    }
  });

  it("trip the selector and target-namespace rules only where the repo leaves something unused", () => {
    const ids = ["pool-selects-no-service", "l2-policy-selects-no-service", "target-namespace-missing"];
    const tripped = (variant: string) =>
      runChecks(repos.get(variant)!)
        .filter((finding) => ids.includes(finding.id))
        .map((finding) => `${finding.id} ${finding.file}:${finding.line}`);
    // Its L2 policy selects announce=lan: the Pi-hole Service carries it, and the Gateway's Service
    // through spec.infrastructure.labels; its HelmRelease creates its targetNamespace cilium.
    expect(tripped("own-namespace")).toEqual([]);
    // Its second pool selects pool=services, which whoami's LAN Service carries.
    expect(tripped("two-pools-other-lan")).toEqual([]);
  });

  it("warn only of what they keep of the seed on purpose: the leftover externalIPs.enabled", () => {
    for (const [variant, model] of variantModels()) {
      const findings = runChecks(model).filter((finding) => finding.severity !== "info");
      expect(
        findings.map((f) => `${f.severity} ${f.id} ${f.file}:${f.line}`),
        variant,
      ).toEqual(["warning removed-values-key infra/controllers/cilium/values.yaml:31"]);
    }
  });

  it("own-namespace: Cilium in namespace cilium, a cidr pool and an L2 policy with serviceSelectors, short leases", () => {
    const model = repos.get("own-namespace");
    expect(model?.helmRelease.targetNamespace).toBe("cilium");
    const pool = model?.pools[0]?.body as { spec: { blocks: unknown[]; serviceSelector: unknown } };
    expect(pool.spec.blocks).toEqual([{ cidr: "192.168.5.32/27" }]);
    expect(pool.spec.serviceSelector).toBeDefined();
    expect(
      (model?.l2Policies[0]?.body as { spec?: { serviceSelector?: unknown } } | undefined)?.spec
        ?.serviceSelector,
    ).toEqual({ matchLabels: { announce: "lan" } });
    // What the policy must announce carries its label (else nothing of the repo answers ARP).
    const pihole = (model?.services ?? []).find((s) => s.name === "pihole-dns");
    const labels = (pihole?.body as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels;
    expect(labels).toEqual({ announce: "lan" });
    const gateway = (model?.gateways ?? [])[0]?.body as { spec?: { infrastructure?: unknown } };
    expect(gateway.spec?.infrastructure).toEqual({ labels: { announce: "lan" } });
    expect(model?.values.merged.l2announcements).toMatchObject({
      leaseDuration: "6s",
      leaseRenewDeadline: "3s",
      leaseRetryPeriod: "1s",
    });
  });

  it("two-pools-other-lan: two pools on 10.77.20.0/24 and nothing left on 192.168.5.0/24", () => {
    const model = repos.get("two-pools-other-lan");
    expect(model?.pools.map((p) => p.name)).toEqual(["home-compute-pool", "home-services-pool"]);
    expect(JSON.stringify(model?.pools)).not.toContain("192.168.5.");
    expect(model?.config.lan.cidr?.value).toBe("10.77.20.0/24");
  });

  it("two-pools-other-lan: whoami's LAN Service is the second pool's only user, the Pi-hole stays on the first", () => {
    const model = repos.get("two-pools-other-lan")!;
    // What the repo-contracts suite expects of each LoadBalancer Service: the address it asks
    // for, or one from the pools whose selectors take it (only one pool each, so LB-IPAM's
    // choice among matching pools, a Go map's order, never decides).
    const contracts = contractSet(model, compatFor("1.18.11")).lbServices.map(
      (c) => `${c.namespace}/${c.name} pools=${c.pools.join(",")} requested=${c.requested.join(",")}`,
    );
    expect(contracts).toEqual([
      "pihole/pihole-dns pools=home-compute-pool requested=10.77.20.53",
      "whoami/whoami-lan pools=home-services-pool requested=",
    ]);
    // Applied by Flux: its kustomization lists it, so the suite plans it from the repo's file.
    const plan = planRepoContracts(contractSet(model, compatFor("1.18.11")));
    expect(plan.apply).toContain("Service whoami/whoami-lan (apps/whoami/lan-service.yaml:2)");
  });

  it("routes-by-path: the homepage's route split by path, header, redirect and rewrite, each backend a Service of the repo", () => {
    const model = repos.get("routes-by-path");
    if (!model) throw new Error("no routes-by-path variant");
    const route = model.httpRoutes.find((r) => r.name === "homepage");
    expect(route, "the homepage HTTPRoute").toBeDefined();
    const rules =
      (
        route?.body as unknown as
          | { spec: { rules: { matches?: unknown[]; filters?: { type: string }[] }[] } }
          | undefined
      )?.spec.rules ?? [];
    expect(rules).toHaveLength(6);
    expect(rules.flatMap((rule) => rule.filters ?? []).map((f) => f.type)).toEqual([
      "RequestRedirect",
      "URLRewrite",
    ]);
    // Every backend is the repo's own Service (none made up by the suite).
    const plan = planRepoContracts(contractSet(model, compatFor("1.18.11")));
    const homepage = plan.apply.filter((line) => line.startsWith("Service homepage/"));
    expect(homepage).toHaveLength(5);
    for (const line of homepage) expect(line).toMatch(/\(apps\/homepage\/(path-)?services?\.yaml:\d+\)$/);
    expect(JSON.stringify(model?.pools[0]?.body)).toContain('"stop":"192.168.5.254"');
  });
});
