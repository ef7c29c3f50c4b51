// planRun: the whole RunPlan from the repo model and the options. Pure: no files, no clock, no
// randomness (the run id and the parsed base kind config come in as inputs).

import { minorOf, parseCiliumVersion } from "../compat/cilium-version.ts";
import { compatFor } from "../compat/compat-for.ts";
import { PlanError } from "../errors.ts";
import { parseCidr, rangesOverlap } from "../net/ip-range.ts";
import type { InfraModel, Manifest } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { applyBudgetOverrides, type BudgetOverrides } from "./budget-overrides.ts";
import { planGatewayApi } from "./gateway-api-plan.ts";
import { type BaseKindConfig, planKind } from "./kind-config.ts";
import { l2FailoverBudget } from "./l2-failover-budget.ts";
import { planL2PolicyBody } from "./l2-policy-interfaces.ts";
import { planLan } from "./lan-plan.ts";
import { ciliumInstallArgs, planDownCommands, planUpCommands } from "./plan-commands.ts";
import {
  type CiliumInstallPlan,
  type CompatFacts,
  type JsonObject,
  PLACEHOLDERS,
  type PlannedManifest,
  type RunPlan,
} from "./run-plan.ts";
import { planValuesOverlay } from "./values-overlay.ts";
import { defaultWaitBudgets } from "./wait-budgets.ts";

export interface PlanOptions {
  /** Run id (injected for determinism); names the cluster, the network and the report folder. */
  runId: string;
  /** The parsed project kind-config.yaml (see kind-config-file.ts). */
  baseKindConfig: BaseKindConfig;
  /** Chart version to install instead of the repo's pin (`--cilium-version`). */
  ciliumVersion?: string;
  /** kind cluster name (`--name`); default `cc-<runId>`. */
  name?: string;
  /** Worker count (`--nodes`, at least 2); default the base config's. */
  nodes?: number;
  keep?: boolean;
  /** Budget overrides, later layers win (file, then env). */
  budgetOverrides?: readonly BudgetOverrides[];
}

// A DNS label short enough that `<name>-control-plane` and `kind-<name>` stay valid names.
const NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

export function planRun(model: InfraModel, options: PlanOptions): RunPlan {
  checkName(options.runId, "run id");
  const clusterName = options.name ?? `cc-${options.runId}`;
  checkName(clusterName, "cluster name (--name)");

  const chartVersion = options.ciliumVersion ?? model.helmRelease.version;
  const version = parseCiliumVersion(chartVersion);
  const compat = compatFor(chartVersion);

  const { kind, deviations: kindDeviations } = planKind(options.baseKindConfig, {
    clusterName,
    workers: options.nodes,
    l2Policies: model.l2Policies,
  });
  const lan = planLan(model, {
    runId: options.runId,
    nodeCount: kind.controlPlaneNodes.length + kind.workerNodes.length,
    compat,
  });
  checkKindSubnets(kind.config, lan.subnet, options.baseKindConfig.file);

  const { overlay, deviations: valueDeviations } = planValuesOverlay(model.values, compat);
  const values = JSON.parse(JSON.stringify(model.values.merged)) as JsonObject;
  const source = model.helmRelease.source;
  const ciliumBase: Omit<CiliumInstallPlan, "installArgs"> = {
    chartVersion: version?.text ?? chartVersion,
    chartVersionOrigin: options.ciliumVersion === undefined ? "repo" : "override",
    repoChartVersion: model.helmRelease.version,
    chartSource: { kind: source.kind, url: source.url ?? null, name: source.name },
    compatMinor: version ? minorOf(version) : compat.minor,
    namespace: model.helmRelease.targetNamespace,
    values,
    overlay,
    deviations: valueDeviations,
  };
  const cilium: CiliumInstallPlan = { ...ciliumBase, installArgs: ciliumInstallArgs(ciliumBase) };

  const pools = model.pools.map((pool) =>
    plannedManifest(pool, "pool", structuredClone(pool.body) as JsonObject, []),
  );
  const l2Policies = model.l2Policies.map((policy) => {
    const { body, deviations } = planL2PolicyBody(policy);
    return plannedManifest(policy, "l2-policy", body, deviations);
  });
  const manifests = { pools, l2Policies };

  const compatFacts: CompatFacts = {
    poolApiVersion: compat.poolApiVersions.value[0]!,
    poolApiVersionsServed: [...compat.poolApiVersions.value],
    l2PolicyApiVersion: compat.l2PolicyApiVersion.value,
    ipsAnnotation: compat.ipsAnnotation.value,
    sharingKeyAnnotation: compat.sharingKeyAnnotation.value,
    serviceConditionType: compat.serviceConditionType.value,
  };

  const budgets = applyBudgetOverrides(
    { ...defaultWaitBudgets(), l2Failover: l2FailoverBudget(model.values, compat).totalMs },
    ...(options.budgetOverrides ?? []),
  );
  const gatewayApi = planGatewayApi(compat);

  return {
    schemaVersion: 1,
    runId: options.runId,
    clusterName,
    kubeContext: `kind-${clusterName}`,
    repoRoot: model.root,
    keep: options.keep ?? false,
    cilium,
    compatFacts,
    kind,
    lan,
    gatewayApi,
    manifests,
    budgets,
    deviations: [...valueDeviations, ...kindDeviations, ...l2Policies.flatMap((policy) => policy.deviations)],
    commands: planUpCommands({
      clusterName,
      lan,
      kind,
      gatewayApi,
      cilium: ciliumBase,
      manifests,
      budgets,
      promises: model.config.promises,
    }),
    downCommands: planDownCommands(clusterName, lan),
    warnings: apiVersionWarnings(model, compatFacts, chartVersion),
    placeholders: {
      controlPlaneIp: `${PLACEHOLDERS.controlPlaneIp}: the control-plane container's IP on ${lan.networkName}, read after kind create`,
      planDir: `${PLACEHOLDERS.planDir}: the folder up writes the plan files to (reports/<run-id>/plan)`,
      kubeconfig: `${PLACEHOLDERS.kubeconfig}: the kubeconfig kind writes for this run (reports/<run-id>/kubeconfig)`,
    },
  };
}

function plannedManifest(
  manifest: Manifest,
  prefix: string,
  body: JsonObject,
  deviations: PlannedManifest["deviations"],
): PlannedManifest {
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    name: manifest.name,
    file: `${prefix}-${manifest.name || "unnamed"}.yaml`,
    source: manifest.location,
    body: JSON.parse(JSON.stringify(body)) as JsonObject,
    deviations,
  };
}

function apiVersionWarnings(model: InfraModel, facts: CompatFacts, chartVersion: string): string[] {
  const warnings: string[] = [];
  for (const pool of model.pools) {
    if (!facts.poolApiVersionsServed.includes(pool.apiVersion)) {
      warnings.push(
        `pool ${pool.name} (${pool.location.file}:${pool.location.line}) is ${pool.apiVersion}, which Cilium ${chartVersion} does not serve ` +
          `(it serves ${facts.poolApiVersionsServed.join(", ")}): applying it will fail`,
      );
    }
  }
  for (const policy of model.l2Policies) {
    if (policy.apiVersion !== facts.l2PolicyApiVersion) {
      warnings.push(
        `L2 policy ${policy.name} (${policy.location.file}:${policy.location.line}) is ${policy.apiVersion}; Cilium ${chartVersion} serves ${facts.l2PolicyApiVersion}: applying it will fail`,
      );
    }
  }
  return warnings;
}

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw new PlanError(
      "CC_PLAN_NAME_INVALID",
      `${what} "${name}" is not a lower-case DNS label of at most 40 characters`,
      {
        hint: "use lower-case letters, digits and '-', starting and ending with a letter or digit",
      },
    );
  }
}

// kind's defaults; a LAN inside them would make the pool's IPs look like pod or Service IPs.
const KIND_POD_SUBNET = "10.244.0.0/16";
const KIND_SERVICE_SUBNET = "10.96.0.0/16";

function checkKindSubnets(config: JsonObject, lanSubnet: string, file: string): void {
  const networking = isRecord(config.networking) ? config.networking : {};
  const lan = parseCidr(lanSubnet);
  for (const [field, fallback] of [
    ["podSubnet", KIND_POD_SUBNET],
    ["serviceSubnet", KIND_SERVICE_SUBNET],
  ] as const) {
    const text = typeof networking[field] === "string" ? (networking[field] as string) : fallback;
    const subnet = parseCidr(text);
    if (lan && subnet && rangesOverlap(lan, subnet)) {
      throw new PlanError("CC_PLAN_LAN_INVALID", `the LAN ${lanSubnet} overlaps kind's ${field} ${text}`, {
        file,
        hint: `set networking.${field} in ${file} to a range outside ${lanSubnet}`,
      });
    }
  }
}
