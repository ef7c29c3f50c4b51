// commands.sh: the plan's steps as an equivalent POSIX shell script, for reading and for
// reproducing a run by hand. The harness itself does not run it: it runs the same argv through
// its tools layer and does the applies and waits through its Kubernetes layer (shown here as the
// equivalent kubectl commands).

import { formatGoDuration } from "../go/go-duration.ts";
import { quoteArgument } from "../tools/posix-quote.ts";
import { HELM_RELEASE_TARGET, PLAN_FILES, RUN_LAYOUT } from "./plan-commands.ts";
import type { PlannedStep, RunPlan } from "./run-plan.ts";

const TOKEN = /\$\{(controlPlaneIp|planDir|kubeconfig|reportDir)\}/g;

/** Quotes an argument for sh, leaving placeholder tokens as shell variables. */
export function quoteWithPlaceholders(argument: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of argument.matchAll(TOKEN)) {
    if (match.index > last) parts.push(quoteArgument(argument.slice(last, match.index)));
    parts.push(`"\${${match[1]}}"`);
    last = match.index + match[0].length;
  }
  if (last < argument.length || parts.length === 0) parts.push(quoteArgument(argument.slice(last)));
  return parts.join("");
}

export function renderCommandsScript(plan: RunPlan): string {
  const lines = [
    "#!/bin/sh",
    `# cilium-conformance plan ${plan.runId}: what \`up\` does, as an equivalent shell script.`,
    "# Applies and waits run through the harness's Kubernetes layer; kubectl equivalents are shown.",
    "set -eu",
    'planDir=$(cd "$(dirname "$0")" && pwd)',
    `# up's layout: the plan files in reports/<run-id>/${RUN_LAYOUT.planDir}/, the kubeconfig beside that folder.`,
    `kubeconfig="$(dirname "\${planDir}")/${RUN_LAYOUT.kubeconfig}"`,
    'export KUBECONFIG="${kubeconfig}"',
    "",
  ];
  for (const step of plan.commands) {
    lines.push(`# [${step.phase}] ${step.description}`);
    lines.push(...renderStep(step));
    if (step.phase === "kind-cluster" && step.action === "exec") lines.push(...resolveControlPlaneIp(plan));
    lines.push("");
  }
  lines.push("# down (skipped with --keep):");
  for (const step of plan.downCommands) {
    lines.push(`# ${step.description}`, ...renderStep(step).map((line) => `# ${line}`));
  }
  return `${lines.join("\n")}\n`;
}

function resolveControlPlaneIp(plan: RunPlan): string[] {
  const node = plan.kind.controlPlaneNodes[0] ?? `${plan.clusterName}-control-plane`;
  const format = `{{(index .NetworkSettings.Networks ${JSON.stringify(plan.lan.networkName)}).IPAddress}}`;
  return [
    `controlPlaneIp=$(docker inspect -f ${quoteArgument(format)} ${quoteArgument(node)})`,
    `sed -i "s/\\\${controlPlaneIp}/\${controlPlaneIp}/g" "\${planDir}/${PLAN_FILES.valuesOverlay}"`,
  ];
}

function renderStep(step: PlannedStep): string[] {
  switch (step.action) {
    case "exec": {
      const env = Object.entries(step.env ?? {})
        .filter(([name]) => name !== "KUBECONFIG")
        .map(([name, value]) => `${name}=${quoteWithPlaceholders(value)} `)
        .join("");
      return [`${env}${step.argv.map(quoteWithPlaceholders).join(" ")}`];
    }
    case "k8s-apply":
      return step.sources.map(
        (source) =>
          `kubectl apply --server-side --field-manager=${quoteArgument(step.fieldManager)} -f ${quoteWithPlaceholders(source)}`,
      );
    case "k8s-label":
      return step.nodes.map(
        ({ node, labels }) =>
          `kubectl label node ${quoteArgument(node)} ${Object.entries(labels)
            .map(([key, value]) => quoteArgument(`${key}=${value}`))
            .join(" ")} --overwrite`,
      );
    case "wait": {
      const timeout = formatGoDuration(step.budgetMs);
      const objects = step.targets.filter((target) => !target.startsWith(`${HELM_RELEASE_TARGET}/`));
      const releases = step.targets.flatMap((target) => {
        const [, namespace, release] = target.split("/");
        return target.startsWith(`${HELM_RELEASE_TARGET}/`) && namespace && release
          ? [{ namespace, release }]
          : [];
      });
      return [
        ...(objects.length > 0
          ? [
              `kubectl wait --for=condition=${step.condition} --timeout=${timeout} ${objects.map(quoteArgument).join(" ")}`,
            ]
          : []),
        // kubectl cannot select by annotation: Helm's managed-by label, then the release annotation.
        ...releases.map(
          ({ namespace, release }) =>
            `for w in $(kubectl -n ${quoteArgument(namespace)} get daemonsets,deployments -l app.kubernetes.io/managed-by=Helm -o jsonpath='{range .items[?(@.metadata.annotations.meta\\.helm\\.sh/release-name=="${release}")]}{.kind}/{.metadata.name}{"\\n"}{end}'); do kubectl -n ${quoteArgument(namespace)} rollout status "$w" --timeout=${timeout}; done`,
        ),
      ];
    }
  }
}
