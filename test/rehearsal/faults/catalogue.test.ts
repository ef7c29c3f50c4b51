// The catalogue against the code: every fault acted on somewhere in the double, every case it
// names a case the harness really reports, every suite and provisioning covered (issue 12).

import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { AGENT_FAULTS } from "../../../rehearsal/cilium/agent/agent-faults.ts";
import { ENVOY_FAULTS } from "../../../rehearsal/cilium/envoy/envoy-faults.ts";
import { HUBBLE_UI_FAULT_DOWN } from "../../../rehearsal/cilium/hubble-ui/frontend.ts";
import { OPERATOR_FAULTS } from "../../../rehearsal/cilium/operator/operator-config.ts";
import {
  CONNECTIVITY_FAULTS,
  TEST_NAMES,
} from "../../../rehearsal/cilium-cli/connectivity/connectivity-test.ts";
import { FAULT_SUITES, FAULTS, type Fault } from "../../../rehearsal/faults/catalogue.ts";
import {
  batchRepo,
  ciFaultBatches,
  namedFaultBatches,
  singleFaultBatches,
} from "../../../rehearsal/faults/fault-batches.ts";
import { KUBE_PROXY_DAEMONSET_FAULT } from "../../../rehearsal/node/kubeadm/kube-proxy-addon.ts";
import { writeFaultBaselineRepo, writeVariantRepo } from "../../../rehearsal/variant-repos.ts";
import { compatFor } from "../../../src/compat/compat-for.ts";
import { gatewayHttpCases } from "../../../src/conformance/gateway-api/gateway-http-cases.ts";
import { contractSet } from "../../../src/conformance/repo-contracts/contract-set.ts";
import { planRepoContracts } from "../../../src/conformance/repo-contracts/contracts-plan.ts";
import { SUITE_HOOKS_CASE } from "../../../src/conformance/vitest-results.ts";
import { SETUP_CASE_NAMES } from "../../../src/connectivity/connectivity-junit.ts";
import { CONNECTIVITY_RUN_CASE } from "../../../src/connectivity/connectivity-suite.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { PROVISIONING_CASE } from "../../../src/report/provisioning-suite.ts";
import { renderWorkload } from "../../../src/workloads/render-workload.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const SUITES_DIR = join(ROOT, "suites");

/** `it("…")` names of a suite file (string literals only; template names are added below). */
function literalCaseNames(file: string): string[] {
  const text = readFileSync(join(SUITES_DIR, file), "utf8");
  return [...text.matchAll(/\bit\(\s*"((?:[^"\\]|\\.)*)"/g)].map(
    (match) => JSON.parse(`"${match[1]}"`) as string,
  );
}

/** The Gateway suite's `HTTP <case>` names, built as the suite builds them. */
function gatewayCaseNames(): string[] {
  const text = readFileSync(join(SUITES_DIR, "gateway-api.suite.ts"), "utf8");
  const suffix = /const HOSTNAME_SUFFIX = "([^"]+)"/.exec(text)?.[1];
  expect(suffix, "gateway-api.suite.ts's HOSTNAME_SUFFIX").toBeDefined();
  const routes = renderWorkload("gateway-api/httproutes.yaml", {
    NAMESPACE: "collect",
    RUN_ID: "collect",
    HOSTNAME_SUFFIX: suffix ?? "",
  });
  return gatewayHttpCases(routes).map((c) => `HTTP ${c.name}`);
}

const repos = mkdtemp(join(tmpdir(), "cc-catalogue-repos-"));
afterAll(async () => rm(await repos, { recursive: true, force: true }));

const planned = new Map<string, Promise<string[]>>();

/** repo-contracts' cases, named from the objects of the repo the fault is judged on (its plan). */
function repoContractsCases(fault: Fault): Promise<string[]> {
  const key = fault.repo ?? "fault-baseline";
  const known = planned.get(key);
  if (known) return known;
  const cases = (async () => {
    const dir = join(await repos, key);
    const repo = fault.repo ? await writeVariantRepo(fault.repo, dir) : await writeFaultBaselineRepo(dir);
    const model = loadInfraRepo(repo);
    return planRepoContracts(contractSet(model, compatFor(model.helmRelease.version))).cases.map(
      (c) => c.name,
    );
  })();
  planned.set(key, cases);
  return cases;
}

async function reportedCases(suite: string, fault: Fault): Promise<string[]> {
  if (suite === "repo-contracts") return repoContractsCases(fault);
  if (suite === "provisioning") return [PROVISIONING_CASE];
  if (suite === "connectivity") return [...TEST_NAMES, ...SETUP_CASE_NAMES, CONNECTIVITY_RUN_CASE];
  // Any suite file reports its hook errors as one more case.
  const names = [...literalCaseNames(`${suite}.suite.ts`), SUITE_HOOKS_CASE];
  return suite === "gateway-api" ? [...names, ...gatewayCaseNames()] : names;
}

/** Every .ts file of the double outside faults/ (where components ask hasFault). */
function doubleSources(): string {
  const dir = join(ROOT, "rehearsal");
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.startsWith(join(dir, "faults")))
    .map((path) => readFileSync(path, "utf8"))
    .join("\n");
}

describe("the fault catalogue", () => {
  it("has at least 25 faults with unique names, covering every suite and provisioning", () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    expect([...new Set(FAULTS.map((f) => f.suite))].sort()).toEqual([...FAULT_SUITES].sort());
  });

  it("names, for each fault, a case its suite really reports on the repo the fault is judged on", async () => {
    for (const fault of FAULTS) {
      expect(await reportedCases(fault.suite, fault), fault.name).toContain(fault.case);
      for (const consequence of fault.consequences ?? [])
        expect(
          await reportedCases(consequence.suite ?? fault.suite, fault),
          `${fault.name} consequence`,
        ).toContain(consequence.case);
    }
  });

  it("infrastructure faults are provisioning or the connectivity wrapper's own failures", () => {
    for (const fault of FAULTS.filter((f) => f.class === "infrastructure"))
      expect(["provisioning", "connectivity"], fault.name).toContain(fault.suite);
    for (const fault of FAULTS.filter((f) => f.suite === "provisioning"))
      expect(fault.class, fault.name).toBe("infrastructure");
  });

  it("each cause names something specific: not a bare assertion or a timeout", () => {
    for (const fault of FAULTS) {
      for (const generic of [
        "AssertionError: expected false to be true",
        "expected 1 to be +0",
        "Test timed out in 5000ms.",
      ])
        expect(fault.cause.test(generic), `${fault.name}: ${fault.cause} matches "${generic}"`).toBe(false);
    }
  });

  it("every fault is acted on by a component of the double, and every component's fault is listed", () => {
    const sources = doubleSources();
    for (const fault of FAULTS) expect(sources.includes(`"${fault.name}"`), fault.name).toBe(true);
    const acted = [
      ...Object.values(AGENT_FAULTS),
      ...Object.values(OPERATOR_FAULTS),
      ...Object.values(ENVOY_FAULTS),
      ...Object.values(CONNECTIVITY_FAULTS),
      HUBBLE_UI_FAULT_DOWN,
      KUBE_PROXY_DAEMONSET_FAULT,
    ];
    const listed = new Set(FAULTS.map((f) => f.name));
    for (const name of acted) expect(listed.has(name), name).toBe(true);
  });
});

describe("the rehearsals the catalogue command makes", () => {
  it("the whole catalogue: one rehearsal per fault", () => {
    expect(singleFaultBatches().map((batch) => batch.map((f) => f.name))).toEqual(
      FAULTS.map((f) => [f.name]),
    );
    expect(singleFaultBatches(["hubble-ui-down"]).map((b) => b.map((f) => f.name))).toEqual([
      ["hubble-ui-down"],
    ]);
  });

  it("--batch: each comma list is one rehearsal; an unknown name is refused", () => {
    expect(
      namedFaultBatches(["kpr-agent-reports-false, hubble-no-flows", "l2-failover-slow"]).map((b) =>
        b.map((f) => f.name),
      ),
    ).toEqual([["kpr-agent-reports-false", "hubble-no-flows"], ["l2-failover-slow"]]);
    expect(() => namedFaultBatches(["kpr-agent-reports-false,nope"])).toThrow(/unknown fault "nope"/);
  });

  it("a batch runs on the repo its faults ask for; faults asking for different repos cannot share one", () => {
    const fault = (name: string, repo?: Fault["repo"]) =>
      ({ ...FAULTS[0], name, ...(repo ? { repo } : {}) }) as Fault;
    expect(batchRepo([fault("a"), fault("b")])).toBeUndefined();
    expect(batchRepo([fault("a"), fault("b", "routes-by-path")])).toBe("routes-by-path");
    expect(() => batchRepo([fault("a", "own-namespace"), fault("b", "routes-by-path")])).toThrow(
      /a, b ask for different repos \(own-namespace, routes-by-path\)/,
    );
  });

  it("CI's subset: every suite and provisioning, faults sharing a rehearsal each in its own suite", () => {
    const batches = ciFaultBatches();
    expect([...new Set(batches.flat().map((f) => f.suite))].sort()).toEqual([...FAULT_SUITES].sort());
    for (const batch of batches) {
      expect(new Set(batch.map((f) => f.suite)).size, batch.map((f) => f.name).join(", ")).toBe(batch.length);
      expect(() => batchRepo(batch)).not.toThrow();
      // A provisioning fault ends the run before any suite: it cannot share a rehearsal.
      if (batch.some((f) => f.suite === "provisioning")) expect(batch).toHaveLength(1);
    }
  });
});
