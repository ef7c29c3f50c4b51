import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AllureResult,
  environmentProperties,
  writeAllureResults,
} from "../../src/report/allure-writer.ts";
import { sampleReport } from "./sample-report.ts";

async function writeSample() {
  const reportDir = await mkdtemp(join(tmpdir(), "cc-allure-"));
  await mkdir(join(reportDir, "attachments"));
  await writeFile(join(reportDir, "attachments", "arp-1.txt"), "+0 ms request 192.168.5.30\n");
  const model = sampleReport();
  // Give a non-vitest case an attachment, to see it copied.
  const connectivity = model.suites.find((suite) => suite.name === "connectivity");
  if (connectivity?.cases[2]) {
    connectivity.cases[2].attachments = [
      { name: "sysdump listing", path: "attachments/arp-1.txt", contentType: "text/plain" },
    ];
  }
  let n = 0;
  const resultsDir = join(reportDir, "allure-results");
  const results = await writeAllureResults({
    resultsDir,
    reportDir,
    model,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  });
  return { resultsDir, results };
}

describe("writeAllureResults", () => {
  it("writes one result per case of the model, vitest suites included, under one suite level", async () => {
    const { resultsDir, results } = await writeSample();
    expect(results.map((r) => r.fullName)).toEqual([
      "static-checks#pool-lan-collisions: Pools stay clear of the LAN's network and broadcast address",
      "static-checks#pool-overlap: No two blocks overlap",
      "provisioning#Infrastructure/Provisioning",
      "lb-ipam#pool applied verbatim",
      "lb-ipam#requested last address is honoured",
      "l2-announcements#exactly one MAC answers ARP",
      "l2-announcements#failover to another node",
      "connectivity#no-policies",
      "connectivity#to-fqdns",
      "connectivity#client-egress-l7",
    ]);
    const files = await readdir(resultsDir);
    expect(files.filter((f) => f.endsWith("-result.json"))).toHaveLength(10);
    expect(files).toContain("environment.properties");
    expect(files).toContain("categories.json");
    for (const result of results) {
      // One hierarchy: a single suite label, no parentSuite (two of them put a case in the tree twice).
      expect(result.labels.filter((l) => l.name === "suite")).toHaveLength(1);
      expect(result.labels.some((l) => l.name === "parentSuite" || l.name === "subSuite")).toBe(false);
      // The run's versions are its environment, not a parameter of every row.
      expect(result.parameters.map((p) => p.name)).not.toContain("Cilium");
    }
  });

  it("keeps a case the connectivity JUnit names twice as two results (Allure merges matching ids)", async () => {
    const reportDir = await mkdtemp(join(tmpdir(), "cc-allure-"));
    const model = sampleReport();
    const connectivity = model.suites.find((suite) => suite.name === "connectivity");
    const first = connectivity?.cases[0];
    if (!connectivity || !first) throw new Error("the sample report has no connectivity case");
    connectivity.cases.push({ ...first, status: "failed", failureMessage: "1 action(s) failed" });
    const results = await writeAllureResults({
      resultsDir: join(reportDir, "allure-results"),
      reportDir,
      model,
    });
    const twice = results.filter((r) => r.name === first.name);
    expect(twice.map((r) => r.fullName)).toEqual([
      `connectivity#${first.name}`,
      `connectivity#${first.name} (2)`,
    ]);
    expect(new Set(twice.map((r) => r.historyId)).size).toBe(2);
    expect(new Set(twice.map((r) => r.testCaseId)).size).toBe(2);
  });

  it("places a case that knows its start there, and one that does not right after the latest before it", async () => {
    const reportDir = await mkdtemp(join(tmpdir(), "cc-allure-"));
    const model = sampleReport();
    const lbIpam = model.suites.find((suite) => suite.name === "lb-ipam");
    const [first, second] = lbIpam?.cases ?? [];
    if (!first || !second) throw new Error("the sample report has no two LB-IPAM cases");
    // The suite's first case started 10 minutes into the run, after every case before it had ended
    // (their durations add up to less), because its setup ran first.
    const later = Date.parse(model.run.startedAt) + 600_000;
    first.startedAt = new Date(later).toISOString();
    second.startedAt = undefined;
    const results = await writeAllureResults({
      resultsDir: join(reportDir, "allure-results"),
      reportDir,
      model,
    });
    const placed = results.find((r) => r.name === first.name) as AllureResult;
    const next = results.find((r) => r.name === second.name) as AllureResult;
    expect(placed.start).toBe(later);
    expect(placed.stop).toBe(later + Math.round(first.durationMs));
    expect(next.start).toBe(placed.stop);
  });

  it("takes the status from the model: a timed-out wait the suite asserted is failed, not broken", async () => {
    const { results } = await writeSample();
    const failover = results.find((r) => r.name === "failover to another node") as AllureResult;
    expect(failover.status).toBe("failed");
    expect(failover.statusDetails.message).toContain("after 30s (last: lease holder cc-worker2");
  });

  it("gives measured figures as parameters of their case, and a rule's severity and findings", async () => {
    const { results } = await writeSample();
    const failover = results.find((r) => r.name === "failover to another node") as AllureResult;
    expect(failover.parameters).toContainEqual({ name: "failover time", value: "31.2 s (limit 30 s) ❌" });
    expect(failover.description).toContain("**failover time**: 31.2 s (limit 30 s) ❌ — two MACs answered");
    const rule = results.find((r) => r.name.startsWith("pool-lan-collisions")) as AllureResult;
    expect(rule.status).toBe("passed");
    expect(rule.parameters).toContainEqual({ name: "severity", value: "warning" });
    expect(rule.labels).toContainEqual({ name: "tag", value: "warning" });
    expect(rule.description).toContain("warning pool-range-includes-broadcast at infra/pool.yaml:9");
  });

  it("writes Allure 2 results with status, details, labels and copied attachments", async () => {
    const { resultsDir, results } = await writeSample();
    const failed = results.find((r) => r.name === "client-egress-l7") as AllureResult;
    const onDisk = JSON.parse(
      await readFile(join(resultsDir, `${failed.uuid}-result.json`), "utf8"),
    ) as AllureResult;
    expect(onDisk.status).toBe("failed");
    expect(onDisk.stage).toBe("finished");
    expect(onDisk.statusDetails.message).toBe("1 action(s) failed, first pod-to-pod:curl-ipv4-2 (a -> b)");
    expect(onDisk.statusDetails.trace).toContain("client-egress-l7/pod-to-pod:curl-ipv4-2");
    expect(onDisk.stop - onDisk.start).toBe(30_400);
    expect(onDisk.labels).toContainEqual({ name: "suite", value: "cilium connectivity test" });
    const [attachment] = onDisk.attachments;
    expect(attachment?.name).toBe("sysdump listing");
    expect(await readFile(join(resultsDir, attachment?.source ?? ""), "utf8")).toBe(
      "+0 ms request 192.168.5.30\n",
    );
    const skipped = results.find((r) => r.name === "to-fqdns");
    expect(skipped?.status).toBe("skipped");
    expect(skipped?.statusDetails.message).toBe("to-fqdns skipped");
  });

  it("rewrites the folder, so a second write does not show the cases twice", async () => {
    const { resultsDir } = await writeSample();
    await writeFile(join(resultsDir, "stale-result.json"), "{}");
    await writeAllureResults({ resultsDir, reportDir: join(resultsDir, ".."), model: sampleReport() });
    const files = await readdir(resultsDir);
    expect(files).not.toContain("stale-result.json");
    expect(files.filter((f) => f.endsWith("-result.json"))).toHaveLength(10);
  });

  it("writes categories that Allure can match", async () => {
    const { resultsDir } = await writeSample();
    const categories = JSON.parse(await readFile(join(resultsDir, "categories.json"), "utf8")) as {
      name: string;
      messageRegex?: string;
    }[];
    const infra = categories[0];
    expect(infra?.name).toBe("Infrastructure / provisioning");
    // Java and JS agree on this pattern: it must match our provisioning message.
    const pattern = new RegExp((infra?.messageRegex ?? "").replace("(?s)", ""), "s");
    expect(pattern.test("preflight: [CC_ENV_DOCKER_UNREACHABLE] Docker is not reachable")).toBe(true);
    expect(pattern.test("l2Failover: no new holder")).toBe(false);
    const waits = new RegExp((categories[1]?.messageRegex ?? "").replace("(?s)", ""), "s");
    expect(waits.test("lbIpAssigned: no IP after 60s (last: condition x)")).toBe(true);
  });
});

describe("environmentProperties", () => {
  it("escapes Java properties syntax", () => {
    const model = sampleReport();
    model.run.versions.nodeImage = "kindest/node:v1.35.0@sha256:abc";
    const text = environmentProperties(model);
    expect(text).toContain("run.id=20261120-0312-ab12\n");
    expect(text).toContain("node.image=kindest/node\\:v1.35.0@sha256\\:abc\n");
    expect(text).not.toContain("kubernetes=");
  });
});
