// The human form of a RunPlan: versions, LAN, deviations, manifests, budgets, commands.

import { formatBudget } from "../errors.ts";
import { quoteWithPlaceholders } from "./commands-script.ts";
import type { Deviation, PlannedStep, RunPlan } from "./run-plan.ts";
import { waitBudgetNames, waitBudgetTable } from "./wait-budgets.ts";

export function renderPlanHuman(plan: RunPlan): string {
  const out: string[] = [];
  const section = (title: string) => out.push("", title, "-".repeat(title.length));
  out.push(
    `Run plan ${plan.runId}: kind cluster ${plan.clusterName} (context ${plan.kubeContext})${plan.keep ? ", kept after the run" : ""}`,
  );
  out.push(`Repo: ${plan.repoRoot}`);

  section("Versions");
  const { cilium, gatewayApi, kind } = plan;
  const origin =
    cilium.chartVersionOrigin === "override"
      ? ` (--cilium-version; the repo pins ${cilium.repoChartVersion})`
      : " (the repo's pin)";
  out.push(
    `Cilium chart      ${cilium.chartVersion}${origin}, compat ${cilium.compatMinor}, namespace ${cilium.namespace}`,
  );
  out.push(
    `Chart source      ${cilium.chartSource.kind} ${cilium.chartSource.url ?? cilium.chartSource.name}`,
  );
  out.push(
    `Gateway API       ${gatewayApi.version} ${gatewayApi.channel}${gatewayApi.extraExperimentalCrds.length ? ` + experimental ${gatewayApi.extraExperimentalCrds.join(", ")}` : ""}`,
  );
  out.push(`kind              ${kind.version}, node image ${kind.nodeImage}`);
  out.push(`Nodes             ${[...kind.controlPlaneNodes, ...kind.workerNodes].join(", ")}`);
  out.push(
    `Pool apiVersion   ${plan.compatFacts.poolApiVersion}; IP annotation ${plan.compatFacts.ipsAnnotation}`,
  );

  section("LAN (docker network)");
  const { lan } = plan;
  out.push(`${lan.networkName}: subnet ${lan.subnet} (${lan.subnetOrigin}), gateway ${lan.gateway}`);
  out.push(
    `--ip-range ${lan.ipRange} (${lan.ipRangeSize} addresses, ${lan.addressesNeeded} needed), kept clear of:`,
  );
  for (const avoided of lan.avoided) out.push(`  ${avoided.range.padEnd(31)} ${avoided.why}`);
  for (const note of lan.notes) out.push(`note: ${note}`);

  if (plan.findings.length > 0) {
    section(`Findings about the repo at Cilium ${cilium.chartVersion} (${plan.findings.length})`);
    for (const finding of plan.findings) {
      out.push(`${finding.severity.padEnd(8)} ${finding.id} (${finding.file}:${finding.line})`);
      out.push(`         ${finding.message}`);
    }
    if (plan.findings.some((finding) => finding.severity === "error")) {
      out.push("up and run refuse to create a cluster for this plan (exit 1): fix the errors above first.");
    }
  }

  section(`Deviations from the repo (${plan.deviations.length})`);
  if (plan.deviations.length === 0) out.push("none");
  for (const deviation of plan.deviations) out.push(...renderDeviation(deviation));

  section("Pinned so cilium install cannot change them on kind");
  for (const pin of cilium.pinnedValues) {
    const where = pin.source ? ` (${pin.source.file}:${pin.source.line})` : "";
    out.push(
      `${pin.key} = ${JSON.stringify(pin.value)}, ${pin.origin === "repo" ? "the repo's value" : "the chart's default"}${where}`,
    );
    out.push(`             instead of: ${pin.cliWouldSet}`);
  }

  section("Repo manifests applied");
  for (const manifest of [...plan.manifests.pools, ...plan.manifests.l2Policies]) {
    const changed =
      manifest.deviations.length > 0 ? `, ${manifest.deviations.length} deviation(s)` : ", verbatim";
    out.push(
      `${manifest.kind}/${manifest.name} ${manifest.apiVersion} from ${manifest.source.file}:${manifest.source.line}${changed}`,
    );
  }

  section("Wait budgets");
  for (const name of waitBudgetNames) {
    const value = plan.budgets[name];
    const shown = waitBudgetTable[name].unit === "ms" ? formatBudget(value) : String(value);
    out.push(`${name.padEnd(30)} ${shown.padStart(7)}  ${waitBudgetTable[name].why}`);
  }

  section("Commands (up)");
  for (const [index, step] of plan.commands.entries()) out.push(...renderStep(step, index + 1));
  section("Connectivity test (run by `test`)");
  out.push(`$ ${plan.connectivity.argv.map(quoteWithPlaceholders).join(" ")}`);
  out.push(`test namespaces: ${plan.connectivity.testNamespaces.join(", ")}`);
  for (const flag of plan.connectivity.flags) out.push(`  ${flag}`);
  section("Repo contracts (run by `test --suite repo-contracts`)");
  out.push(...renderRepoContracts(plan.repoContracts));
  section("Commands (down)");
  for (const [index, step] of plan.downCommands.entries()) out.push(...renderStep(step, index + 1));
  out.push("", ...Object.values(plan.placeholders));
  return `${out.join("\n")}\n`;
}

function renderDeviation(deviation: Deviation): string[] {
  const where = deviation.source ? ` (${deviation.source.file}:${deviation.source.line})` : "";
  return [
    `${deviation.target.padEnd(12)} ${deviation.key}${where}`,
    `             repo ${JSON.stringify(deviation.repoValue)} -> kind ${JSON.stringify(deviation.kindValue)}`,
    `             why: ${deviation.reason}`,
  ];
}

function renderStep(step: PlannedStep, number: number): string[] {
  const head = `${String(number).padStart(2)}. [${step.phase}] ${step.description}`;
  switch (step.action) {
    case "exec": {
      const env = Object.entries(step.env ?? {}).map(
        ([name, value]) => `${name}=${quoteWithPlaceholders(value)} `,
      );
      return [head, `    $ ${env.join("")}${step.argv.map(quoteWithPlaceholders).join(" ")}`];
    }
    case "k8s-apply":
      return [
        head,
        ...step.sources.map((source) => `    apply (server-side, ${step.fieldManager}) ${source}`),
      ];
    case "k8s-label":
      return [
        head,
        ...step.nodes.map(
          (node) =>
            `    label ${node.node} ${Object.entries(node.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ")}`,
        ),
      ];
    case "wait":
      return [
        head,
        `    wait ${step.wait} (${formatBudget(step.budgetMs)}): ${step.condition} on ${step.targets.join(", ")}`,
      ];
  }
}

function renderRepoContracts(contracts: RunPlan["repoContracts"]): string[] {
  const lines = ["applies, in order:", ...contracts.apply.map((line) => `  ${line}`)];
  lines.push("stand-ins (echo-basic):", ...contracts.standIns.map((line) => `  ${line}`));
  lines.push("cases:");
  for (const entry of contracts.cases) {
    lines.push(`  ${entry.name}`, ...entry.requests.map((request) => `    ${request}`));
  }
  lines.push(
    "not proven here:",
    ...(contracts.notProven.length > 0 ? contracts.notProven : ["(nothing)"]).map((line) => `  ${line}`),
  );
  return lines;
}
