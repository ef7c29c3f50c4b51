// `cilium install` as cilium-cli v0.19.7 runs it (cli/install.go, install/install.go,
// install/autodetect.go, install/helm.go, then Helm v4's action.Install): resolve the embedded
// chart, auto-detect kind (cluster name kind-<cluster>, kube-proxy absent → KPR and the real API
// server endpoint for the keys the user left unset), refuse charts before 1.16, merge values as
// Helm does, check the schema and the chart's own refusals, then store the release and create
// every object with Helm's ownership metadata. `--wait` waits for the workloads to be ready.

import { hasKind, servedKinds } from "../../k8s/discovery.ts";
import { type Obj, refOf } from "../../k8s/kube-objects.ts";
import { CliError, type CliSession, FatalError } from "../cli-session.ts";
import { type FlagSpec, flagOf } from "../command-line.ts";
import { chartDefaults, minorOfVersion } from "./chart-defaults.ts";
import { chartRefusal, truthy } from "./chart-validation.ts";
import { DEFAULT_CILIUM_VERSION, isEmbedded } from "./embedded-charts.ts";
import { releaseSecretName } from "./helm-release.ts";
import { parseSetInto } from "./helm-strvals.ts";
import { coalesce, mergeMaps, userValues, type ValueMap, ValuesError, valueAt } from "./helm-values.ts";
import { hubblePki } from "./hubble-pki.ts";
import { deployRevision, printedDryRun } from "./release-revision.ts";
import { chartObjects } from "./render/chart-objects.ts";
import { renderContext } from "./render/render-context.ts";
import { schemaErrors, schemaFailureMessage } from "./values-schema.ts";

export const INSTALL_FLAGS: FlagSpec[] = [
  { name: "version", kind: "string" },
  { name: "datapath-mode", kind: "string" },
  { name: "list-versions", kind: "bool" },
  { name: "nodes-without-cilium", kind: "bool" },
  { name: "chart-directory", kind: "string" },
  { name: "values", short: "f", kind: "stringSlice", aliases: ["helm-values"] },
  { name: "set", kind: "stringArray", aliases: ["helm-set"] },
  { name: "set-string", kind: "stringArray", aliases: ["helm-set-string"] },
  { name: "set-file", kind: "stringArray", aliases: ["helm-set-file"] },
  { name: "wait", kind: "bool" },
  { name: "wait-duration", kind: "duration" },
  { name: "dry-run", kind: "bool" },
  { name: "dry-run-helm-values", kind: "bool" },
  { name: "repository", kind: "string" },
  { name: "history-max", kind: "int" },
];

const HELM_REPOSITORY = "https://helm.cilium.io";

/** semver.ParseTolerant: a leading "v" and surrounding spaces are tolerated. */
export function parseChartVersion(text: string): string {
  const trimmed = text.trim().replace(/^v/, "");
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(trimmed)) {
    const padded = /^\d+(\.\d+)?$/.test(trimmed)
      ? `${trimmed}${trimmed.includes(".") ? ".0" : ".0.0"}`
      : undefined;
    if (padded) return padded;
    throw new CliError(`Invalid character(s) found in major number "${trimmed.split(".")[0]}"`);
  }
  return trimmed;
}

export interface ChartRequest {
  version: string;
  options: { valueFiles: string[]; sets: string[]; setStrings: string[] };
  /** The values of -f/--set/--set-string as Helm merges them. */
  user: ValueMap;
  clusterName: string;
  kind: boolean;
}

/**
 * What install and upgrade share before auto-detection goes further (cli/install.go,
 * install/autodetect.go): the chart version (embedded, else the repository the rehearsal cannot
 * reach), the user's values, and kind recognised from the kubeconfig's cluster/context name.
 */
export function chartRequest(session: CliSession, log: (line: string) => void): ChartRequest {
  const { parsed } = session;
  const version = parseChartVersion(flagOf(parsed, "version", `v${DEFAULT_CILIUM_VERSION}`));
  const repository = flagOf(parsed, "repository", HELM_REPOSITORY);
  if (repository !== HELM_REPOSITORY || !isEmbedded(version)) {
    // Not embedded: cilium-cli pulls it from the repository, which the rehearsal cannot reach.
    throw new CliError(
      `looks like "${repository}" is not a valid chart repository or cannot be reached: Get "${repository}/index.yaml": dial tcp: lookup ${new URL(repository).hostname}: no such host`,
    );
  }
  const options = {
    valueFiles: flagOf<string[]>(parsed, "values", []),
    sets: [...flagOf<string[]>(parsed, "set", [])],
    setStrings: flagOf<string[]>(parsed, "set-string", []),
  };
  let user: ValueMap;
  try {
    user = userValues(options);
  } catch (error) {
    if (error instanceof ValuesError) throw new CliError(error.message);
    throw error;
  }
  // install/autodetect.go: flavor, then the version.
  const clusterName = session.connection.clusterName ?? "";
  const kind = clusterName.startsWith("kind-") || (session.connection.context ?? "").startsWith("kind-");
  if (kind) log("🔮 Auto-detected Kubernetes kind: kind");
  log(`ℹ️  Using Cilium version ${version}`);
  return { version, options, user, clusterName, kind };
}

export async function installCommand(session: CliSession): Promise<number> {
  const { io, parsed } = session;
  const log = (line: string) => io.stdout(`${line}\n`);
  const { version, options, user, clusterName, kind } = chartRequest(session, log);
  const valuesClusterName = (user.cluster as ValueMap | undefined)?.name;
  let paramsClusterName = typeof valuesClusterName === "string" ? valuesClusterName : "";
  if (paramsClusterName === "" && clusterName !== "") {
    paramsClusterName = clusterName.replace(/[_.:]/g, "-");
    log(`🔮 Auto-detected cluster name: ${paramsClusterName}`);
  } else if (paramsClusterName !== "") {
    log(`ℹ️  Using cluster name "${paramsClusterName}"`);
  }
  const datapathFlag = flagOf(parsed, "datapath-mode", "");
  const routingMode = user.routingMode;
  let datapath = datapathFlag;
  if (datapathFlag !== "") log(`ℹ️  Custom datapath mode: ${datapathFlag}`);
  else if (routingMode === "native" || routingMode === "tunnel") datapath = String(routingMode);
  else datapath = "tunnel";
  await detectKubeProxy(session, user, options.sets, kind, log);

  // install/helm.go getHelmValues.
  if (minorOfVersion(version) < 16 && version.startsWith("1.")) {
    throw new FatalError(`Unable to install Cilium: cilium version unsupported ${version}`);
  }
  const cliDefaults: ValueMap = {};
  const cliSets = ["operator.replicas=1"];
  if (kind) cliSets.push("ipam.mode=kubernetes");
  if (datapath === "tunnel") cliSets.push("routingMode=tunnel", "tunnelProtocol=vxlan");
  if (paramsClusterName !== "") cliSets.push(`cluster.name=${paramsClusterName}`);
  for (const set of cliSets) parseSetInto(set, cliDefaults);
  let finalUser: ValueMap;
  try {
    finalUser = mergeMaps(cliDefaults, userValues({ ...options, sets: options.sets }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }

  // Helm v4 action.Install.
  const fail = (message: string) => new FatalError(`Unable to install Cilium: ${message}`);
  const existing = await session.objects.get({
    apiVersion: "v1",
    kind: "Secret",
    namespace: session.namespace,
    name: releaseSecretName(session.releaseName, 1),
  });
  if (existing) throw fail(`release name check failed: cannot reuse a name that is still in use`);
  const objects = await renderRelease(session, version, finalUser, fail);
  for (const object of objects) {
    const found = await session.objects.get(refOf(object));
    if (found) {
      throw fail(
        `unable to continue with install: ${object.kind} "${object.metadata.name}" in namespace "${object.metadata.namespace ?? ""}" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "${session.releaseName}"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "${session.namespace}"`,
      );
    }
  }
  if (printedDryRun(session, objects, finalUser)) return 0;
  await deployRevision(
    session,
    { version: 1, chartVersion: version, config: finalUser, objects },
    {
      pending: { status: "pending-install", description: "Initial install underway" },
      pendingRefused: (why) => `create: failed to create: ${why}`,
      write: async () => {
        for (const object of objects) await session.objects.create(object);
      },
      failedAs: "Release",
      deployedDescription: "Install complete",
      fail,
    },
  );
  return 0;
}

/**
 * Helm's render step shared by install and upgrade: chart defaults coalesced with the user's
 * values, the schema and the chart's own refusals, the chart's objects with Helm's ownership,
 * each of a kind the API server serves.
 */
export async function renderRelease(
  session: CliSession,
  version: string,
  finalUser: ValueMap,
  fail: (message: string) => Error,
): Promise<Obj[]> {
  const values = coalesce(chartDefaults(version) as ValueMap, finalUser);
  const typeErrors = schemaErrors(version, values);
  if (typeErrors.length > 0) throw fail(schemaFailureMessage(typeErrors));
  const refusal = chartRefusal(version, values);
  if (refusal) throw fail(refusal);
  const served = await servedKinds(session.client);
  const tlsDays = Number(valueAt(values, "hubble.tls.auto.certValidityDuration") ?? 365);
  const needsPki = ["hubble.enabled", "hubble.tls.enabled", "hubble.tls.auto.enabled"].every((path) =>
    truthy(valueAt(values, path)),
  );
  const context = renderContext({
    values,
    namespace: session.namespace,
    version,
    releaseName: session.releaseName,
    hasGatewayClassApi: hasKind(served, "gateway.networking.k8s.io/v1", "GatewayClass"),
    ...(needsPki ? { hubbleTls: await hubblePki(String((values.cluster as ValueMap).name), tlsDays) } : {}),
  });
  const objects = chartObjects(context).map((object) =>
    withHelmOwnership(object, session.releaseName, session.namespace),
  );
  for (const object of objects) {
    if (!hasKind(served, object.apiVersion ?? "", object.kind ?? "")) {
      throw fail(
        `unable to build kubernetes objects from release manifest: resource mapping not found for name: "${object.metadata.name}" namespace: "${object.metadata.namespace ?? ""}" from "": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      );
    }
  }
  return objects;
}

/** install/autodetect.go autodetectKubeProxy: only keys the user did not set are added. */
export async function detectKubeProxy(
  session: CliSession,
  user: ValueMap,
  sets: string[],
  kind: boolean,
  log: (line: string) => void,
): Promise<void> {
  let daemonSets: Obj[];
  try {
    daemonSets = (
      await session.objects.list({ apiVersion: "apps/v1", kind: "DaemonSet", namespace: "kube-system" })
    ).items;
  } catch {
    log("⏭️ Skipping auto kube-proxy detection");
    return;
  }
  if (daemonSets.some((daemonSet) => daemonSet.metadata.name.includes("kube-proxy"))) {
    log("🔮 Auto-detected kube-proxy has been installed");
    return;
  }
  const server = new URL(session.connection.server);
  let host = server.hostname.replace(/^\[|\]$/g, "");
  let port = server.port;
  if (kind) {
    log("ℹ️  Detecting real Kubernetes API server addr and port on Kind");
    const slice = await session.objects
      .get({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        namespace: "default",
        name: "kubernetes",
      })
      .catch(() => undefined);
    if (!slice) {
      log("❌ Couldn't find 'kubernetes' service endpoint on Kind");
      return;
    }
    const endpoints = (slice.endpoints as { addresses?: string[] }[] | undefined) ?? [];
    const ports = (slice.ports as { port?: number }[] | undefined) ?? [];
    if (endpoints.length === 0) {
      log("❌ Couldn't find 'kubernetes' service endpoint subset on Kind");
      return;
    }
    const address = endpoints[0]?.addresses?.[0];
    if (!address) {
      log("❌ Couldn't find endpoint address of the 'kubernetes' service endpoint on Kind");
      return;
    }
    if (ports.length === 0) {
      log("❌ Couldn't find endpoint port of the 'kubernetes' service endpoint on Kind");
      return;
    }
    host = address;
    port = String(ports[0]?.port ?? "");
  }
  if (host !== "" && port !== "") {
    log("🔮 Auto-detected kube-proxy has not been installed");
    log("ℹ️  Cilium will fully replace all functionalities of kube-proxy");
    for (const [key, value] of [
      ["kubeProxyReplacement", "true"],
      ["k8sServiceHost", host],
      ["k8sServicePort", port],
    ] as const) {
      if (!Object.hasOwn(user, key)) sets.push(`${key}=${value}`);
    }
  }
}

export function withHelmOwnership(object: Obj, release: string, namespace: string): Obj {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...(object.metadata.labels ?? {}), "app.kubernetes.io/managed-by": "Helm" },
      annotations: {
        ...(object.metadata.annotations ?? {}),
        "meta.helm.sh/release-name": release,
        "meta.helm.sh/release-namespace": namespace,
      },
    },
  };
}
