// `cilium-conformance check`: load the infra repo and run the static rules. No cluster, no
// network, no Kubernetes client: it must stay fast enough for every pull request.
import path from "node:path";
import { countFindings, describeCounts } from "../checks/format/finding-counts.ts";
import { renderHumanReport } from "../checks/format/human-report.ts";
import { renderJsonReport } from "../checks/format/json-report.ts";
import { renderJunitReport } from "../checks/format/junit-report.ts";
import { checkRules, runChecks } from "../checks/run-checks.ts";
import { ExitCode } from "../errors.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { stringOption } from "./options.ts";
import { REPO_OPTION, repoRootFromOptions } from "./repo-option.ts";
import { FORMAT_OPTION, humanReportLayout, type ReportFormat, writeReport } from "./report-output.ts";

export const command: Command = {
  name: "check",
  summary: "check the GitOps repo statically: values, pools, L2 policies, Gateway API (no cluster)",
  details: `Loads the Flux repo (the Cilium HelmRelease, its values merged the way Flux merges them,
every CiliumLoadBalancerIPPool, CiliumL2AnnouncementPolicy, Gateway and HTTPRoute) and reports what
is broken or risky, each finding with file:line.

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 the repo cannot be read.

Examples:
  cilium-conformance check                          # the embedded fixtures/homelab
  cilium-conformance check --repo ~/src/homelab
  cilium-conformance check --format junit --output reports/check.xml`,
  options: [
    REPO_OPTION,
    FORMAT_OPTION,
    {
      name: "output",
      type: "string",
      valueName: "file",
      description: "write the report to this file instead of stdout (stdout then gets a one-line summary)",
    },
  ],
  async run(input, io) {
    return runCheck(input, io);
  },
};

function runCheck(input: CommandInput, io: CliIO): ExitCode {
  const repo = repoRootFromOptions(input, io);
  const format = (stringOption(input, "format") ?? "human") as ReportFormat;
  const output = stringOption(input, "output");

  // process.hrtime, not the global `performance`: its first use loads perf_hooks (~2 ms of start-up).
  const started = process.hrtime.bigint();
  const model = loadInfraRepo(repo);
  const findings = runChecks(model);
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;

  const shownRepo = stringOption(input, "repo") ?? (path.relative(io.cwd, repo) || ".");
  const release = model.helmRelease;
  let report: string;
  if (format === "json") {
    report = renderJsonReport(findings, {
      repo: shownRepo,
      chart: release.chart,
      chartVersion: release.version,
      durationMs: Math.round(durationMs),
    });
  } else if (format === "junit") {
    report = renderJunitReport(findings, checkRules, { durationMs, timestamp: new Date().toISOString() });
  } else {
    report = renderHumanReport(findings, {
      durationMs,
      ...humanReportLayout(io, output),
      heading: `${shownRepo}: chart ${release.chart} ${release.version}, ${model.files.length} files, ${checkRules.length} rules`,
    });
  }

  writeReport(io, report, output, {
    createFolder: false,
    summary: () => `wrote the ${format} report to ${output}: ${describeCounts(countFindings(findings))}\n`,
  });
  return findings.some((finding) => finding.severity === "error")
    ? ExitCode.conformanceFailed
    : ExitCode.pass;
}
