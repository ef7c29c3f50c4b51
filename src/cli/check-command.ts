// `cilium-conformance check`: load the infra repo and run the static rules. No cluster, no
// network, no Kubernetes client: it must stay fast enough for every pull request.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { countFindings, describeCounts } from "../checks/format/finding-counts.ts";
import { renderHumanReport } from "../checks/format/human-report.ts";
import { renderJsonReport } from "../checks/format/json-report.ts";
import { renderJunitReport } from "../checks/format/junit-report.ts";
import { colourStyle, plainStyle, wantsColour } from "../checks/format/terminal-style.ts";
import { checkRules, runChecks } from "../checks/run-checks.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { stringOption } from "./options.ts";
import { REPO_OPTION, repoRootFromOptions } from "./repo-option.ts";

const FORMATS = ["human", "json", "junit"] as const;
type Format = (typeof FORMATS)[number];

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
    {
      name: "format",
      type: "string",
      valueName: "format",
      choices: FORMATS,
      default: "human",
      description: "report format",
    },
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
  const format = (stringOption(input, "format") ?? "human") as Format;
  const output = stringOption(input, "output");

  const started = performance.now();
  const model = loadInfraRepo(repo);
  const findings = runChecks(model);
  const durationMs = performance.now() - started;

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
    const toTerminal = output === undefined && process.stdout.isTTY === true;
    report = renderHumanReport(findings, {
      durationMs,
      width: Number(io.env.COLUMNS) || process.stdout.columns || 100,
      style: wantsColour(io.env, toTerminal) && output === undefined ? colourStyle : plainStyle,
      heading: `${shownRepo}: chart ${release.chart} ${release.version}, ${model.files.length} files, ${checkRules.length} rules`,
    });
  }

  if (output === undefined) {
    io.stdout(report);
  } else {
    const target = path.resolve(io.cwd, output);
    try {
      writeFileSync(target, report);
    } catch (error) {
      throw new UsageError(
        `cannot write the report to ${target}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        {
          hint: "pass --output a path in a folder that exists and is writable",
        },
      );
    }
    io.stdout(`wrote the ${format} report to ${output}: ${describeCounts(countFindings(findings))}\n`);
  }
  return findings.some((finding) => finding.severity === "error")
    ? ExitCode.conformanceFailed
    : ExitCode.pass;
}
