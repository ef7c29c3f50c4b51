// `cilium-conformance upgrade --to <version>`: what the candidate Cilium chart does with this
// repo's values and manifests (static, seconds, offline with local charts), and optionally the
// upgrade itself on a cluster from `up` (--in-place) or the suites on a fresh cluster at the
// candidate version (--fresh-cluster).

import path from "node:path";
import { chartCacheDir } from "../charts/cache-location.ts";
import { readRunContext } from "../cluster/run-context-file.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import { interruptibleClock, untilInterrupted } from "../tools/interruption.ts";
import { type InPlaceClusterOptions, inPlaceClusterSteps } from "../upgrade/in-place/in-place-cluster.ts";
import { renderInPlaceHuman } from "../upgrade/in-place/in-place-report.ts";
import {
  type InPlaceBudgets,
  type InPlaceSteps,
  runInPlaceUpgrade,
} from "../upgrade/in-place/in-place-sequence.ts";
import { readRunPlanBudgets } from "../upgrade/in-place/run-plan-budgets.ts";
import { previewUpgrade } from "../upgrade/preview-upgrade.ts";
import { resolveCharts } from "../upgrade/resolve-charts.ts";
import { renderUpgradeHuman, renderUpgradeJson, renderUpgradeJunit } from "../upgrade/upgrade-format.ts";
import { chartSummary, hasErrors, type UpgradeReport } from "../upgrade/upgrade-report.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { VERBOSE_OPTION } from "./console-options.ts";
import { runInterruptible } from "./interruptible-command.ts";
import { booleanOption, integerOption, stringOption } from "./options.ts";
import { REPO_OPTION, repoRootFromOptions } from "./repo-option.ts";
import { FORMAT_OPTION, humanReportLayout, type ReportFormat, writeReport } from "./report-output.ts";

export interface UpgradeCommandDeps {
  /** Another harness command in-process (`test`, `run`): the suites after an upgrade. */
  runCommand(argv: string[], io: CliIO): Promise<ExitCode>;
  inPlaceSteps(options: InPlaceClusterOptions): InPlaceSteps;
}

const defaultDeps: UpgradeCommandDeps = {
  async runCommand(argv, io) {
    // Imported when needed: run-cli loads the registry, which loads this module.
    const { runCli } = await import("./run-cli.ts");
    return runCli(argv, io);
  },
  inPlaceSteps: inPlaceClusterSteps,
};

export function createUpgradeCommand(deps: UpgradeCommandDeps): Command {
  return {
    name: "upgrade",
    summary: "preview a Cilium upgrade against the repo (values keys, schema, compat); optionally run it",
    details: `Fetches the current chart (the repo's pin, or --from) and the candidate (--to) from the Helm
repository (the HelmRelease's, or --chart-repo; cached under --cache-dir) or takes them from local
files (--chart-from/--chart-to: a .tgz or an unpacked folder, for air-gapped runners), then reports:
values keys the candidate does not have (removed, renamed or misspelled: Helm ignores them), type
errors against its values.schema.json, and what the compat table says changes for this repo (pool
apiVersion, LB-IPAM annotations, kubeProxyReplacement forms, Gateway API CRDs to upgrade FIRST, L2).

With --in-place (and --context-file from \`up\` at the current version): probes the Gateway and an
L2-announced IP continuously (HTTP and ARP), upgrades the Gateway API CRDs if needed, then Cilium
with the same values (\`cilium upgrade\`), waits ready, reports the disruption, checks that no
LoadBalancer IP changed and runs the suites again (\`test\`). With --fresh-cluster: runs the whole
pipeline (\`run --cilium-version <to>\`) on a new cluster instead.

Exit codes: 0 no errors, 1 the upgrade would break something (or the live upgrade failed),
2 bad input (unknown version, unreadable chart, OCI repository), 3 environment (download failed).

Examples:
  cilium-conformance upgrade --repo ~/src/homelab --to 1.19.5
  cilium-conformance upgrade --to 1.19.5 --chart-from cilium-1.18.11.tgz --chart-to cilium-1.19.5.tgz
  cilium-conformance upgrade --to 1.19.5 --in-place --context-file reports/<run-id>/run-context.json`,
    options: [
      { name: "to", type: "string", valueName: "version", description: "candidate chart version (required)" },
      REPO_OPTION,
      {
        name: "from",
        type: "string",
        valueName: "version",
        description: "current chart version (default: the repo's pin)",
      },
      {
        name: "chart-from",
        type: "string",
        valueName: "tgz|dir",
        description: "the current chart from a local .tgz or folder",
      },
      {
        name: "chart-to",
        type: "string",
        valueName: "tgz|dir",
        description: "the candidate chart from a local .tgz or folder",
      },
      {
        name: "chart-repo",
        type: "string",
        valueName: "url",
        description: "Helm repository URL (default: the HelmRelease's, else https://helm.cilium.io/)",
      },
      {
        name: "cache-dir",
        type: "string",
        valueName: "dir",
        description:
          "chart cache (default: $CILIUM_CONFORMANCE_CACHE_DIR/charts, else .cache/charts in a clone, ~/.cache/cilium-conformance/charts when installed)",
      },
      FORMAT_OPTION,
      {
        name: "output",
        type: "string",
        valueName: "file",
        description: "write the report to this file (stdout then gets a one-line summary)",
      },
      {
        name: "in-place",
        type: "boolean",
        description: "upgrade the cluster from `up` in place, measuring disruption",
      },
      {
        name: "context-file",
        type: "string",
        valueName: "file",
        description: "run-context.json of the cluster (with --in-place)",
      },
      {
        name: "fresh-cluster",
        type: "boolean",
        description: "run the suites on a fresh cluster at the candidate version",
      },
      {
        name: "max-gap",
        type: "string",
        valueName: "ms",
        description: "longest tolerated gap of a probe during --in-place (default 15000)",
      },
      {
        name: "settle",
        type: "string",
        valueName: "ms",
        description: "keep probing this long after Cilium is ready (default 20000)",
      },
      {
        name: "force-context",
        type: "boolean",
        description: "skip the check that the kubeconfig is the harness's own kind cluster",
      },
      VERBOSE_OPTION,
    ],
    async run(input, io) {
      return runUpgrade(input, io, deps);
    },
  };
}

export const command: Command = createUpgradeCommand(defaultDeps);

async function runUpgrade(input: CommandInput, io: CliIO, deps: UpgradeCommandDeps): Promise<ExitCode> {
  const to = stringOption(input, "to");
  if (to === undefined || to === "") {
    throw new UsageError("upgrade: --to <version> is required", {
      hint: "e.g. `cilium-conformance upgrade --to 1.19.5`",
    });
  }
  const inPlace = booleanOption(input, "in-place");
  const fresh = booleanOption(input, "fresh-cluster");
  if (inPlace && fresh) throw new UsageError("upgrade: choose --in-place or --fresh-cluster, not both");
  const contextFile = stringOption(input, "context-file");
  if (inPlace && contextFile === undefined) {
    throw new UsageError("upgrade --in-place needs --context-file", {
      hint: "pass the run-context.json that `up` wrote for the cluster at the current version",
    });
  }
  const budgets: InPlaceBudgets = {
    maxGapMs: integerOption(input, "max-gap", 15_000),
    settleMs: integerOption(input, "settle", 20_000),
  };

  const repoOption = stringOption(input, "repo");
  const repo = repoRootFromOptions(input, io);
  const format = (stringOption(input, "format") ?? "human") as ReportFormat;
  const output = stringOption(input, "output");
  const cacheOption = stringOption(input, "cache-dir");

  const started = performance.now();
  const model = loadInfraRepo(repo);
  const charts = await resolveCharts(model, {
    to,
    from: stringOption(input, "from"),
    chartFrom: resolveFrom(io, stringOption(input, "chart-from")),
    chartTo: resolveFrom(io, stringOption(input, "chart-to")),
    chartRepo: stringOption(input, "chart-repo"),
    cacheDir: cacheOption === undefined ? chartCacheDir(io.env) : path.resolve(io.cwd, cacheOption),
  });
  const findings = previewUpgrade({ model, currentChart: charts.current, candidateChart: charts.candidate });
  const report: UpgradeReport = {
    repo: repoOption ?? "fixtures/homelab",
    current: chartSummary(charts.current),
    candidate: chartSummary(charts.candidate),
    findings,
    durationMs: performance.now() - started,
  };
  emit(report, format, output, io);
  const staticExit = hasErrors(report) ? ExitCode.conformanceFailed : ExitCode.pass;
  if (!inPlace && !fresh) return staticExit;
  if (staticExit !== ExitCode.pass) {
    io.stderr("upgrade: the preview found errors; not touching a cluster until they are fixed\n");
    return staticExit;
  }

  if (fresh) {
    io.stdout(`\nRunning the suites on a fresh cluster at Cilium ${charts.candidate.version}\n`);
    return deps.runCommand(["run", "--repo", repo, "--cilium-version", charts.candidate.version], io);
  }

  const contextPath = path.resolve(io.cwd, contextFile ?? "");
  const context = await readRunContext(contextPath);
  if (context.versions.chart !== undefined && context.versions.chart !== charts.current.version) {
    throw new UsageError(
      `the cluster in ${contextFile} runs chart ${context.versions.chart}, not the current version ${charts.current.version}`,
      {
        hint: `bring it up at ${charts.current.version} (\`up --cilium-version ${charts.current.version}\`) or pass --from ${context.versions.chart}`,
      },
    );
  }
  const waitBudgets = await readRunPlanBudgets(context);
  const interruption = io.interruption?.signal;
  const steps = interruptibleSteps(
    deps.inPlaceSteps({
      ...(interruption ? { interruption } : {}),
      context,
      waitBudgets,
      fromVersion: charts.current.version,
      toVersion: charts.candidate.version,
      env: io.env,
      cwd: io.cwd,
      log: (line) => io.stdout(line),
      verbose: booleanOption(input, "verbose") ? io.stderr : undefined,
      forceContext: booleanOption(input, "force-context"),
      runSuites: () =>
        deps.runCommand(
          ["test", "--context-file", contextPath, ...(booleanOption(input, "verbose") ? ["--verbose"] : [])],
          io,
        ),
    }),
    interruption,
  );
  // An interruption ends the step in flight; the sequence then stops its probes (their LAN client
  // included) and the report below says it was interrupted, with exit 130/143.
  return runInterruptible(io, {
    async work() {
      const result = await runInPlaceUpgrade(steps, budgets);
      io.stdout(
        `\n${renderInPlaceHuman(result, budgets, { from: charts.current.version, to: charts.candidate.version })}`,
      );
      return result.exitCode;
    },
    async afterInterrupt(signal, settled) {
      if (!settled)
        io.stderr(
          `upgrade interrupted by ${signal}: the probes did not stop in time; \`cilium-conformance down --run-id ${context.runId}\` removes their LAN client\n`,
        );
    },
  });
}

/** Each step of the in-place sequence ends at the interruption while in flight. */
function interruptibleSteps(steps: InPlaceSteps, signal: AbortSignal | undefined): InPlaceSteps {
  if (signal === undefined) return steps;
  const wrap =
    <A extends unknown[], R>(what: string, step: (...args: A) => Promise<R>) =>
    (...args: A) =>
      untilInterrupted(signal, () => step(...args), what);
  return {
    ...steps,
    clock: interruptibleClock(steps.clock, signal),
    snapshotLbIps: wrap("reading the LoadBalancer IPs", steps.snapshotLbIps),
    startProbes: wrap("starting the probes", steps.startProbes),
    upgradeGatewayApiCrds:
      steps.upgradeGatewayApiCrds && wrap("upgrading the Gateway API CRDs", steps.upgradeGatewayApiCrds),
    upgradeCilium: wrap("upgrading Cilium", steps.upgradeCilium),
    waitCiliumReady: wrap("waiting for Cilium", steps.waitCiliumReady),
    runSuites: wrap("running the suites", steps.runSuites),
  };
}

function emit(report: UpgradeReport, format: ReportFormat, output: string | undefined, io: CliIO): void {
  let text: string;
  if (format === "json") text = renderUpgradeJson(report);
  else if (format === "junit") text = renderUpgradeJunit(report, new Date().toISOString());
  else text = renderUpgradeHuman(report, humanReportLayout(io, output));
  writeReport(io, text, output, {
    createFolder: true,
    summary: () => {
      const errors = report.findings.filter((f) => f.severity === "error").length;
      const warnings = report.findings.filter((f) => f.severity === "warning").length;
      return `wrote the ${format} upgrade report (${report.current.version} → ${report.candidate.version}) to ${output}: ${errors} error(s), ${warnings} warning(s)\n`;
    },
  });
}

function resolveFrom(io: CliIO, value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(io.cwd, value);
}
