// What install and upgrade share once the chart is rendered, as Helm v4's actions do it
// (pkg/action/install.go, upgrade.go): --dry-run / --dry-run-helm-values print instead of
// deploying; otherwise the new revision's Secret is stored first (pending-install /
// pending-upgrade), then the objects are written and, with --wait, waited for; the revision ends
// deployed, or failed with "<Release|Upgrade> "<name>" failed: <why>" (failRelease).

import { stringify } from "yaml";
import type { Obj } from "../../k8s/kube-objects.ts";
import { KubeApiError } from "../../k8s/kube-rest-client.ts";
import type { CliSession } from "../cli-session.ts";
import { flagOf } from "../command-line.ts";
import { type ReleaseRecord, releaseSecret } from "./helm-release.ts";
import type { ValueMap } from "./helm-values.ts";
import { waitForWorkloads } from "./workload-readiness.ts";

/** Prints what a dry run asks for; true when the command stops there. */
export function printedDryRun(session: CliSession, objects: Obj[], finalUser: ValueMap): boolean {
  const { io, parsed } = session;
  const manifest = flagOf(parsed, "dry-run", false);
  const values = flagOf(parsed, "dry-run-helm-values", false);
  if (manifest) io.stdout(`${manifestOf(objects)}\n`);
  if (values) io.stdout(`${stringify(finalUser)}\n`);
  return manifest || values;
}

export interface RevisionSteps {
  pending: { status: "pending-install" | "pending-upgrade"; description: string };
  /** `Release` (install) or `Upgrade`: the start of a failed revision's description. */
  failedAs: string;
  deployedDescription: string;
  /** How a refused pending Secret reads. */
  pendingRefused: (why: string) => string;
  /** The writes of this revision (create, or apply and prune). */
  write: () => Promise<void>;
  fail: (message: string) => Error;
}

/** Stores revision `revision` around its writes; resolves once it is recorded deployed. */
export async function deployRevision(
  session: CliSession,
  revision: { version: number; chartVersion: string; config: ValueMap; objects: Obj[] },
  steps: RevisionSteps,
): Promise<void> {
  const now = session.io.now().toISOString();
  const record: Omit<ReleaseRecord, "status" | "description"> = {
    name: session.releaseName,
    namespace: session.namespace,
    version: revision.version,
    chartVersion: revision.chartVersion,
    config: revision.config,
    manifest: manifestOf(revision.objects),
    firstDeployed: now,
    lastDeployed: now,
  };
  try {
    await session.objects.create(releaseSecret({ ...record, ...steps.pending }));
  } catch (error) {
    throw steps.fail(steps.pendingRefused(describeApiError(error)));
  }
  try {
    await steps.write();
    if (flagOf(session.parsed, "wait", false)) {
      await waitForWorkloads(session, revision.objects, flagOf(session.parsed, "wait-duration", 300_000));
    }
  } catch (error) {
    const message = describeApiError(error);
    await replaceRelease(session, {
      ...record,
      status: "failed",
      description: `${steps.failedAs} "${session.releaseName}" failed: ${message}`,
    });
    throw steps.fail(message);
  }
  await replaceRelease(session, { ...record, status: "deployed", description: steps.deployedDescription });
}

export async function replaceRelease(
  session: CliSession,
  record: Parameters<typeof releaseSecret>[0],
): Promise<void> {
  const secret = releaseSecret(record);
  const current = await session.objects.get({
    apiVersion: "v1",
    kind: "Secret",
    namespace: record.namespace,
    name: secret.metadata.name,
  });
  if (current) secret.metadata.resourceVersion = current.metadata.resourceVersion;
  await session.objects.update(secret);
}

export function manifestOf(objects: Obj[]): string {
  return objects.map((object) => `---\n${stringify(object)}`).join("");
}

export function describeApiError(error: unknown): string {
  return error instanceof KubeApiError ? error.message : (error as Error).message;
}
