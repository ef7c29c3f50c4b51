// The catalogue command end to end against a stand-in for scripts/rehearse.sh that "runs" a
// fault by copying a made-up report folder prepared for it (CC_REHEARSE_SH).

import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportModel } from "../../../src/report/report-model.ts";
import { green, madeUpReport, red, suite } from "./made-up-report.ts";

const RUN_FAULTS = fileURLToPath(new URL("../../../rehearsal/faults/run-faults.ts", import.meta.url));
const run = promisify(execFile);
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function reportWith(suiteName: string, name: string, failureMessage: string | undefined): ReportModel {
  return madeUpReport(
    suite(suiteName, [failureMessage === undefined ? green(name) : red(name, failureMessage)]),
  );
}

async function prepare(root: string, fault: string, exit: number, report: ReportModel, suite: string) {
  const folder = join(root, "prepared", fault);
  await mkdir(join(folder, "suites", suite, "1-suite", "diagnostics"), { recursive: true });
  await writeFile(join(folder, "suites", suite, "1-suite", "diagnostics", "events.json"), "[]");
  await writeFile(join(folder, "report.json"), JSON.stringify(report));
  await writeFile(
    join(folder, "rehearsal.json"),
    JSON.stringify({ faults: [fault], exitCode: exit, elapsedMs: 1, leftovers: [] }),
  );
  await writeFile(join(folder, "exit"), String(exit));
}

describe("scripts/rehearse-faults.sh (run-faults.ts)", () => {
  it("runs one rehearsal per fault, judges each from its report folder and prints N/M faults caught", async () => {
    dir = await mkdtemp(join(tmpdir(), "cc-run-faults-"));
    await prepare(
      dir,
      "kpr-nodeport-unanswered",
      1,
      reportWith(
        "kube-proxy-replacement",
        "a NodePort answers from the LAN client on every node",
        "no answer from NodePort http://192.168.5.4:31000/",
      ),
      "kube-proxy-replacement",
    );
    // Not caught: the flows case stayed green.
    await prepare(
      dir,
      "hubble-flows-without-pod-names",
      1,
      reportWith(
        "hubble",
        "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved",
        undefined,
      ),
      "hubble",
    );
    const stand = join(dir, "rehearse.sh");
    await writeFile(
      stand,
      [
        "#!/bin/sh",
        "# args: --fault NAME --repo DIR",
        `prepared="${dir}/prepared/$2"`,
        `target="${dir}/reports/run-$2"`,
        'mkdir -p "$target" && cp -r "$prepared"/. "$target"/',
        'echo "$3 $4" > "$target/repo-arg" && cp "$4/apps/pihole/dns-services.yaml" "$target/pihole.yaml"',
        'echo "rehearse output for $2"',
        'echo "$target"',
        'exit "$(cat "$prepared/exit")"',
        "",
      ].join("\n"),
    );
    await chmod(stand, 0o755);
    const result = await run(
      process.execPath,
      [
        RUN_FAULTS,
        "--fault",
        "kpr-nodeport-unanswered",
        "--fault",
        "hubble-flows-without-pod-names",
        "--out",
        join(dir, "out"),
      ],
      {
        env: {
          ...process.env,
          CC_REHEARSE_SH: stand,
          PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        },
      },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^caught {2}kpr-nodeport-unanswered {2}exit 1, \d+ s {2}.*reports\/run-kpr-nodeport-unanswered$/,
    );
    expect(lines[1]).toMatch(/^MISSED {2}hubble-flows-without-pod-names {2}exit 1/);
    expect(lines[2]).toContain(
      `hubble-flows-without-pod-names: case "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved" is passed, not red`,
    );
    expect(lines.at(-2)).toMatch(/^1\/2 faults caught \(.*fault-catalogue-[\d-]+\.json\)$/);
    // Without --repo, each fault runs on the fixture with the Pi-hole fix (one Service, one Lease).
    const runDir = join(dir, "reports", "run-hubble-flows-without-pod-names");
    expect(await readFile(join(runDir, "repo-arg"), "utf8")).toMatch(/^--repo \/.*\/fault-baseline\n$/);
    const pihole = await readFile(join(runDir, "pihole.yaml"), "utf8");
    expect(pihole).toContain("name: pihole-dns\n");
    expect(pihole).not.toContain("sharing-key");
    // The rehearsal's output is kept beside its report, and the summary has the figures.
    expect(
      await readFile(join(dir, "reports", "run-hubble-flows-without-pod-names", "rehearse.log"), "utf8"),
    ).toContain("rehearse output for hubble-flows-without-pod-names");
    const [summaryFile] = await readdir(join(dir, "out"));
    const summary = JSON.parse(await readFile(join(dir, "out", summaryFile ?? ""), "utf8")) as {
      caught: number;
      total: number;
      results: { faults: string[]; elapsedMs: number; verdict: { caught: boolean } }[];
    };
    expect(summary.caught).toBe(1);
    expect(summary.total).toBe(2);
    expect(summary.results.map((r) => [r.faults, r.verdict.caught])).toEqual([
      [["kpr-nodeport-unanswered"], true],
      [["hubble-flows-without-pod-names"], false],
    ]);
  });

  it("refuses an unknown fault as bad usage (exit 2)", async () => {
    const result = await run(process.execPath, [RUN_FAULTS, "--fault", "no-such-fault"]).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown fault "no-such-fault"');
  });
});
