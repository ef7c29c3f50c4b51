// planRun: the whole RunPlan from the repo model and the options. Pure: no files, no clock, no
// randomness (the run id and the parsed base kind config come in as inputs).

import { minorOf, parseCiliumVersion } from "../compat/cilium-version.ts";
import { compatFor } from "../compat/compat-for.ts";
import { compatTable } from "../compat/compat-table.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import { contractSet } from "../conformance/repo-contracts/contract-set.ts";
import { planRepoContracts } from "../conformance/repo-contracts/contracts-plan.ts";
import { PlanError } from "../errors.ts";
import { parseCidr, rangesOverlap } from "../net/ip-range.ts";
import type { InfraModel, Manifest } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { toolPins } from "../tools/pinned-tools.ts";
import { applyBudgetOverrides, type BudgetOverrides } from "./budget-overrides.ts";
import { planConnectivity } from "./connectivity-plan.ts";
import { planGatewayApi, withCrdSource } from "./gateway-api-plan.ts";
import { type BaseKindConfig, planKind } from "./kind-config.ts";
import { l2FailoverBudget } from "./l2-failover-budget.ts";
import { planL2PolicyBody } from "./l2-policy-interfaces.ts";
import { planLan } from "./lan-plan.ts";
import { ciliumInstallArgs, planDownCommands, planUpCommands } from "./plan-commands.ts";
import { planFindings } from "./plan-findings.ts";
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
  /** Where the Gateway API CRDs come from instead of the release bundle (`--gateway-api-crds`). */
  gatewayApiCrds?: string;
}

/** Lower-case letters, digits and '-', starting and ending with a letter or digit (kind's and DNS's rule). */
const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/**
 * `kind-<cluster>` is the kube context and kubeconfig cluster name; cilium-cli makes it Cilium's
 * cluster.name when nothing pins that (cilium-cli install/autodetect.go), and the chart refuses a
 * cluster.name over 32 characters (templates/validate.yaml). The plan pins cluster.name, and the
 * bound keeps `kind-<cluster>` valid anyway (a hand-run commands.sh, another installer).
 */
export const MAX_CLUSTER_NAME = 32 - "kind-".length;
/** The default cluster name is `cc-<run-id>`. */
export const MAX_RUN_ID = 40;

export function planRun(model: InfraModel, options: PlanOptions): RunPlan {
  checkName(options.runId, "run id", MAX_RUN_ID, `set ${RUN_ID_HINT} to at most ${MAX_RUN_ID} characters`);
  const clusterName = options.name ?? `cc-${options.runId}`;
  checkName(
    clusterName,
    options.name === undefined ? `cluster name cc-<run id>` : "cluster name (--name)",
    MAX_CLUSTER_NAME,
    options.name === undefined
      ? `shorten the run id (${RUN_ID_HINT}) to at most ${MAX_CLUSTER_NAME - 3} characters, or give a shorter --name`
      : `give a --name of at most ${MAX_CLUSTER_NAME} characters`,
  );

  const chartVersion = options.ciliumVersion ?? model.helmRelease.version;
  const version = parseCiliumVersion(chartVersion);
  const compat = compatFor(chartVersion);
  checkInstallable(compat, version?.text ?? chartVersion, options.ciliumVersion !== undefined);

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

  const { overlay, deviations: valueDeviations, pins } = planValuesOverlay(model.values, compat);
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
    pinnedValues: pins,
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

  const findings = planFindings({
    model,
    compat,
    chartVersion: ciliumBase.chartVersion,
    override: options.ciliumVersion !== undefined,
    lanSubnet: lan.subnet,
    pins,
  });

  const budgets = applyBudgetOverrides(
    { ...defaultWaitBudgets(), l2Failover: l2FailoverBudget(model.values, compat).totalMs },
    ...(options.budgetOverrides ?? []),
  );
  const gatewayApi = withCrdSource(planGatewayApi(compat), options.gatewayApiCrds);

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
    connectivity: planConnectivity({
      ciliumNamespace: cilium.namespace,
      kubeContext: `kind-${clusterName}`,
      workers: kind.workerNodes.length,
      budgetMs: budgets.connectivityTest,
    }),
    repoContracts: planRepoContracts(contractSet(model, compat)),
    findings,
    placeholders: {
      controlPlaneIp: `${PLACEHOLDERS.controlPlaneIp}: the control-plane container's IP on ${lan.networkName}, read after kind create`,
      planDir: `${PLACEHOLDERS.planDir}: the folder up writes the plan files to (reports/<run-id>/plan)`,
      kubeconfig: `${PLACEHOLDERS.kubeconfig}: the kubeconfig kind writes for this run (reports/<run-id>/kubeconfig)`,
      reportDir: `${PLACEHOLDERS.reportDir}: the run's report folder (reports/<run-id>), where \`test\` writes the connectivity test's files`,
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

function checkName(name: string, what: string, maxLength: number, fix: string): void {
  if (name.length > maxLength || !NAME.test(name)) {
    throw new PlanError(
      "CC_PLAN_NAME_INVALID",
      `${what} "${name}" is not a lower-case DNS label of at most ${maxLength} characters${name.length > maxLength ? ` (it has ${name.length})` : ""}`,
      { hint: `${fix}; use lower-case letters, digits and '-', starting and ending with a letter or digit` },
    );
  }
}

const RUN_ID_HINT = "CILIUM_CONFORMANCE_RUN_ID";

// cilium-cli v0.19.7 installs Cilium 1.16.0 and later only (compat table: installableByPinnedCli).
function checkInstallable(compat: CiliumCompat, version: string, override: boolean): void {
  if (compat.installableByPinnedCli.value) return;
  const newest = compatTable.find((entry) => entry.installableByPinnedCli.value)?.latestPatch ?? "1.16";
  throw new PlanError(
    "CC_PLAN_VERSION_UNSUPPORTED",
    `Cilium ${version} cannot be installed: the pinned cilium CLI ${toolPins.cilium.pinned} installs Cilium 1.16.0 and later only (${compat.installableByPinnedCli.source}); Cilium ${compat.minor} is end of life`,
    {
      hint: override
        ? `pick a --cilium-version from 1.16 on (e.g. ${newest}); \`check\` still checks the repo statically`
        : `\`check\` still checks the repo statically; to run it live, bump the HelmRelease to 1.16 or later (\`upgrade --to ${newest}\` shows what changes) or pass --cilium-version ${newest}`,
    },
  );
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
