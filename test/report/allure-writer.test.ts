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
  it("writes one result per non-vitest case (findings, provisioning, connectivity) and not the vitest suites", async () => {
    const { resultsDir, results } = await writeSample();
    expect(results.map((r) => r.fullName)).toEqual([
      "static-checks#pool-range-includes-broadcast (infra/pool.yaml:9)",
      "provisioning#Infrastructure/Provisioning",
      "connectivity#no-policies",
      "connectivity#to-fqdns",
      "connectivity#client-egress-l7",
    ]);
    const files = await readdir(resultsDir);
    expect(files.filter((f) => f.endsWith("-result.json"))).toHaveLength(5);
    expect(files).toContain("environment.properties");
    expect(files).toContain("categories.json");
  });

  it("writes Allure 2 results with status, details, labels, version parameters and copied attachments", async () => {
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
    expect(onDisk.parameters).toContainEqual({ name: "Cilium", value: "1.18.3" });
    expect(onDisk.parameters.map((p) => p.name)).toEqual(["Cilium", "chart", "kind", "node image"]);
    const [attachment] = onDisk.attachments;
    expect(attachment?.name).toBe("sysdump listing");
    expect(await readFile(join(resultsDir, attachment?.source ?? ""), "utf8")).toBe(
      "+0 ms request 192.168.5.30\n",
    );
    const skipped = results.find((r) => r.name === "to-fqdns");
    expect(skipped?.status).toBe("skipped");
    expect(skipped?.statusDetails.message).toBe("to-fqdns skipped");
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
