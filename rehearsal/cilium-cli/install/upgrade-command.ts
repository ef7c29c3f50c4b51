// `cilium upgrade` as cilium-cli v0.19.7 runs it (cli/install.go newCmdUpgradeWithHelm,
// install/upgrade.go UpgradeWithHelm, internal/helm Upgrade → Helm v4 action.Upgrade): the same
// auto-detection as install (kind, kube-proxy), then — with --reset-then-reuse-values, the
// default — the new chart's defaults, the last release's user values and this command's -f/--set
// on top (--reuse-values: the last release's values plus the overrides; --reset-values: the
// overrides alone); the chart rendered at --version (the CLI's default chart without it), the
// objects updated in place, created when new and deleted when the new manifest drops them, and a
// new release revision (pending-upgrade → deployed; the previous one superseded). Without
// --restart it ends with Helm's hint that pods may need a restart.

import { parseAllDocuments } from "yaml";
import { type Obj, refOf } from "../../k8s/kube-objects.ts";
import { type CliSession, FatalError } from "../cli-session.ts";
import { type FlagSpec, flagOf } from "../command-line.ts";
import { decodeReleaseSecret } from "./helm-release.ts";
import { mergeMaps, userValues, type ValueMap } from "./helm-values.ts";
import { chartRequest, detectKubeProxy, INSTALL_FLAGS, renderRelease } from "./install-command.ts";
import { deployRevision, printedDryRun, replaceRelease } from "./release-revision.ts";

export const UPGRADE_FLAGS: FlagSpec[] = [
  ...INSTALL_FLAGS,
  { name: "reset-then-reuse-values", kind: "bool" },
  { name: "reset-values", kind: "bool" },
  { name: "reuse-values", kind: "bool" },
  { name: "restart", short: "r", kind: "bool" },
];

export async function upgradeCommand(session: CliSession): Promise<number> {
  const { io, parsed } = session;
  const log = (line: string) => io.stdout(`${line}\n`);
  const fail = (message: string) => new FatalError(`Unable to upgrade Cilium: ${message}`);
  const request = chartRequest(session, log);
  const { version, options, kind } = request;
  let overrides = request.user;
  await detectKubeProxy(session, overrides, options.sets, kind, log);
  overrides = userValues(options);

  // action.Upgrade: the last release of this name.
  const secrets = (
    await session.objects.list({
      apiVersion: "v1",
      kind: "Secret",
      namespace: session.namespace,
      labelSelector: `owner=helm,name=${session.releaseName}`,
    })
  ).items.sort((a, b) => Number(b.metadata.labels?.version ?? 0) - Number(a.metadata.labels?.version ?? 0));
  const last = secrets[0];
  if (!last) throw fail(`"${session.releaseName}" has no deployed releases`);
  const previous = decodeReleaseSecret(last);
  if (previous.info?.status === "pending-install" || previous.info?.status === "pending-upgrade") {
    throw fail("another operation (install/upgrade/rollback) is in progress");
  }
  const previousConfig = (previous.config ?? {}) as ValueMap;
  const reuse = flagOf(parsed, "reuse-values", false);
  const reset = flagOf(parsed, "reset-values", false);
  // action.Upgrade.reuseValues: ReuseValues and ResetThenReuseValues both start from the last
  // release's user values (ResetThenReuseValues takes the new chart's defaults, which the render
  // does anyway); ResetValues starts from nothing.
  const finalUser = reset && !reuse ? overrides : mergeMaps(structuredClone(previousConfig), overrides);
  const objects = await renderRelease(session, version, finalUser, fail);
  if (printedDryRun(session, objects, finalUser)) return 0;
  const revision = (previous.version ?? Number(last.metadata.labels?.version ?? 1)) + 1;
  await deployRevision(
    session,
    { version: revision, chartVersion: version, config: finalUser, objects },
    {
      pending: { status: "pending-upgrade", description: "Preparing upgrade" },
      pendingRefused: (why) => why,
      write: async () => {
        const kept = new Set(objects.map(refKey));
        for (const object of objects) await applyObject(session, object);
        // Objects of the old manifest that the new one no longer has are deleted.
        for (const old of manifestObjects(String((previous as { manifest?: string }).manifest ?? ""))) {
          if (kept.has(refKey(old))) continue;
          await session.objects.delete(refOf(old)).catch(() => false);
        }
      },
      failedAs: "Upgrade",
      deployedDescription: "Upgrade complete",
      fail,
    },
  );
  const now = io.now().toISOString();
  const lastRecord = decodeReleaseSecret(last) as {
    info?: { first_deployed?: string; last_deployed?: string; description?: string };
    chart?: { metadata?: { version?: string } };
    manifest?: string;
  };
  await replaceRelease(session, {
    name: session.releaseName,
    namespace: session.namespace,
    version: revision - 1,
    chartVersion: lastRecord.chart?.metadata?.version ?? "",
    config: previousConfig,
    manifest: lastRecord.manifest ?? "",
    firstDeployed: lastRecord.info?.first_deployed ?? now,
    lastDeployed: lastRecord.info?.last_deployed ?? now,
    status: "superseded",
    description: "Superseded",
  }).catch(() => undefined);
  if (!flagOf(parsed, "restart", false)) {
    log("⚠️  You maybe need to restart Cilium pods for configmap changes to take effect");
    return 0;
  }
  for (const selector of ["k8s-app=cilium", "io.cilium/app=operator"]) {
    const pods = await session.objects.list({
      apiVersion: "v1",
      kind: "Pod",
      namespace: session.namespace,
      labelSelector: selector,
    });
    for (const pod of pods.items)
      await session.objects
        .delete({ apiVersion: "v1", kind: "Pod", namespace: session.namespace, name: pod.metadata.name })
        .catch(() => false);
  }
  log("♻️  Force restarted Cilium pods");
  return 0;
}

function refKey(object: Obj): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

function manifestObjects(manifest: string): Obj[] {
  // manifestOf writes "---\n<yaml>" per object.
  return parseAllDocuments(manifest)
    .map((document) => document.toJSON() as Obj | null)
    .filter((object): object is Obj => Boolean(object?.metadata?.name));
}

/** Helm's update of an existing object: its spec/data/labels/annotations replaced; Secrets keep their data (the chart's lookup of existing certificates). */
async function applyObject(session: CliSession, object: Obj): Promise<void> {
  const ref = refOf(object);
  const current = await session.objects.get(ref);
  if (!current) {
    await session.objects.create(object);
    return;
  }
  const next: Obj = {
    ...current,
    ...object,
    metadata: {
      ...current.metadata,
      labels: object.metadata.labels ?? {},
      annotations: object.metadata.annotations ?? {},
    },
  };
  if (object.kind === "Secret" && current.data) next.data = current.data;
  if (object.kind === "Service") {
    // The API server keeps what it allocated (clusterIP, nodePorts).
    const spec = (next.spec ?? {}) as Record<string, unknown>;
    const old = (current.spec ?? {}) as Record<string, unknown>;
    for (const key of ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"])
      if (old[key] !== undefined && spec[key] === undefined) spec[key] = old[key];
  }
  delete next.status;
  await session.objects.update(next);
}
