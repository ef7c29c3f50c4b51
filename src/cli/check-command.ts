// `cilium-conformance check`: load the infra repo and run the static rules. No cluster, no
// network, no Kubernetes client: it must stay fast enough for every pull request.

import type { Finding } from "../checks/finding.ts";
import { countFindings, describeCounts, sortFindings } from "../checks/format/finding-counts.ts";
import { renderHumanReport } from "../checks/format/human-report.ts";
import { renderJsonReport } from "../checks/format/json-report.ts";
import { checkRules, runChecks } from "../checks/run-checks.ts";
import { ExitCode } from "../errors.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import { findingAnnotations } from "../report/github-annotations.ts";
import { renderJunit } from "../report/junit-writer.ts";
import { emptyReport } from "../report/report-model.ts";
import { staticCheckSuite } from "../report/static-check-suite.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { stringOption } from "./options.ts";
import { FETCH_CHART_OPTION, pinnedChartFromOptions } from "./pinned-chart-option.ts";
import { REPO_OPTION, repoLabel, repoRootFromOptions } from "./repo-option.ts";
import { FORMAT_OPTION, humanReportLayout, REPORT_FORMATS, writeReport } from "./report-output.ts";

export const command: Command = {
  name: "check",
  summary: "check the GitOps repo statically: values, pools, L2 policies, Gateway API (no cluster)",
  details: `Loads the Flux repo (the Cilium HelmRelease, its values merged the way Flux merges them,
every CiliumLoadBalancerIPPool, CiliumL2AnnouncementPolicy, Gateway and HTTPRoute) and reports what
is broken or risky, each finding with file:line.

The values keys are checked against the pinned chart's own keys when the chart is in the chart
cache (filled by \`upgrade\`, or by --fetch-chart); without it that one check says so and the rest
runs offline as always.

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 the repo cannot be read,
3 kustomize did not finish a build (CILIUM_CONFORMANCE_KUSTOMIZE_TIMEOUT=5m gives it more time)
(with --format json, the error is also printed on stdout as {"error": {code, message, file, line, hint}}).

Examples:
  cilium-conformance check                          # the embedded fixtures/homelab
  cilium-conformance check --repo ~/src/homelab
  cilium-conformance check --format junit --output reports/check.xml
  cilium-conformance check --repo infra --format github   # in GitHub Actions: annotations on the PR`,
  options: [
    REPO_OPTION,
    {
      ...FORMAT_OPTION,
      choices: [...REPORT_FORMATS, "github"],
      description: "report format (github: workflow-command annotations at file:line on the pull request)",
    },
    {
      name: "output",
      type: "string",
      valueName: "file",
      description: "write the report to this file instead of stdout (stdout then gets a one-line summary)",
    },
    FETCH_CHART_OPTION,
  ],
  async run(input, io) {
    return runCheck(input, io);
  },
};

/** The static-check suite exactly as `run` reports it (one case per rule), on its own. */
function renderCheckJunit(findings: readonly Finding[], durationMs: number, repo: string): string {
  const model = emptyReport({ runId: `check ${repo}`, startedAt: new Date().toISOString(), versions: {} });
  model.suites.push(staticCheckSuite(findings, checkRules, durationMs));
  return renderJunit(model);
}

async function runCheck(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const repo = repoRootFromOptions(input, io);
  const format = stringOption(input, "format") ?? "human";
  const output = stringOption(input, "output");

  // process.hrtime, not the global `performance`: its first use loads perf_hooks (~2 ms of start-up).
  const started = process.hrtime.bigint();
  const model = loadInfraRepo(repo);
  const chart = await pinnedChartFromOptions(model, input, io);
  const findings = runChecks(model, checkRules, { chart });
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;

  const shownRepo = repoLabel(input, io);
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
    report = renderCheckJunit(findings, durationMs, shownRepo);
  } else if (format === "github") {
    const paths = { repoRoot: repo };
    const lines = findingAnnotations(sortFindings(findings), paths);
    report = `${[...lines, `${describeCounts(countFindings(findings))} in ${Math.round(durationMs)} ms`].join("\n")}\n`;
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
