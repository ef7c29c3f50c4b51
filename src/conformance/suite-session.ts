// One suite's life in the cluster: its own labelled namespace, the workloads it deploys from
// fixtures/workloads, the objects and nodes worth diagnosing, diagnostics when a test fails
// (collected while everything still exists), and cleanup at the end — skipped when the suite
// failed and the user asked to keep failures for inspection.

import { join } from "node:path";
import { deploymentReady, type WireDeployment } from "../decisions/rollout-ready.ts";
import { applyObjects } from "../k8s/apply-manifests.ts";
import { deleteAndWaitGone } from "../k8s/delete-object.ts";
import type { KubeClient } from "../k8s/kube-client.ts";
import { type KubeObject, type ObjectRef, refOf } from "../k8s/kube-object.ts";
import { waitForObject } from "../k8s/wait-for-objects.ts";
import type { WaitBudgets } from "../plan/wait-budgets.ts";
import { collectDiagnostics, type DiagnosticResult } from "../report/diagnostics.ts";
import { renderWorkload, type WorkloadVariables } from "../workloads/render-workload.ts";
import { type HubbleDropsSource, suiteCollectors } from "./suite-diagnostics.ts";
import { suiteNamespaceManifest, suiteNamespaceName } from "./suite-namespace.ts";

export interface SuiteSessionInput {
  client: KubeClient;
  suite: string;
  runId: string;
  /** reports/<run-id>/: diagnostics go to suites/<suite>/<n>-<label>/diagnostics/ below it. */
  reportDir: string;
  /** Where Cilium is installed (run context), for the agents' logs in the diagnostics. */
  ciliumNamespace: string;
  keepOnFailure: boolean;
  budgets: Pick<WaitBudgets, "podsReady" | "namespaceGone">;
  hubbleDrops?: HubbleDropsSource;
  /** Collector timeout (default 30 s). */
  collectorTimeoutMs?: number;
  now?: () => Date;
}

export type CleanupOutcome =
  | { action: "deleted"; elapsedMs: number }
  | { action: "kept"; reason: string }
  | { action: "failed"; error: string };

/** Whether to delete the namespace at the end. Pure. */
export function cleanupAction(failed: boolean, keepOnFailure: boolean): "delete" | "keep" {
  return failed && keepOnFailure ? "keep" : "delete";
}

/** A diagnostics collection: attachment paths in `results` are relative to `dir`. */
export interface DiagnosticsTaken {
  dir: string;
  results: DiagnosticResult[];
}

/** At most this many diagnostic collections per suite: a cascade of failures must not take an hour. */
export const MAX_DIAGNOSTIC_ROUNDS = 3;

export class SuiteSession {
  readonly namespace: string;
  readonly startedAt: Date;
  readonly #input: SuiteSessionInput;
  readonly #objects = new Map<string, ObjectRef>();
  readonly #nodes = new Set<string>();
  #failed = false;
  #rounds = 0;

  private constructor(input: SuiteSessionInput) {
    this.#input = input;
    this.namespace = suiteNamespaceName(input.suite, input.runId);
    this.startedAt = (input.now ?? (() => new Date()))();
  }

  /** Creates (or adopts, on a re-run) the suite's namespace, labelled with the run id and suite. */
  static async open(input: SuiteSessionInput): Promise<SuiteSession> {
    const session = new SuiteSession(input);
    await applyObjects(input.client, [suiteNamespaceManifest(input.suite, input.runId) as KubeObject]);
    return session;
  }

  get failed(): boolean {
    return this.#failed;
  }

  /** Variables every workload file takes from the session. */
  baseVariables(): { NAMESPACE: string; RUN_ID: string } {
    return { NAMESPACE: this.namespace, RUN_ID: this.#input.runId };
  }

  /** An object whose status and conditions belong in the diagnostics (cluster-scoped ones too). */
  track(ref: ObjectRef): void {
    this.#objects.set(`${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`, ref);
  }

  /** A node whose Cilium agent log belongs in the diagnostics (a Lease holder, a paused node). */
  trackNode(name: string): void {
    this.#nodes.add(name);
  }

  /** Renders fixtures/workloads/<file> with the session's variables plus `variables`, applies and tracks it. */
  async deploy(
    file: string,
    variables: WorkloadVariables = {},
    adjust?: (object: Record<string, unknown>) => void,
  ): Promise<KubeObject[]> {
    const objects = renderWorkload(file, { ...this.baseVariables(), ...variables });
    for (const object of objects) adjust?.(object);
    return this.apply(objects as KubeObject[]);
  }

  async apply(objects: readonly KubeObject[]): Promise<KubeObject[]> {
    const applied = await applyObjects(this.#input.client, objects);
    for (const object of applied) this.track(refOf(object));
    return applied;
  }

  /** Waits for a Deployment of the suite to be rolled out (named wait `podsReady`). */
  async waitForDeployment(name: string): Promise<void> {
    await waitForObject<KubeObject & WireDeployment, undefined>(this.#input.client, {
      name: "podsReady",
      budgetMs: this.#input.budgets.podsReady,
      expectation: `Deployment ${this.namespace}/${name} not rolled out`,
      ref: { apiVersion: "apps/v1", kind: "Deployment", namespace: this.namespace, name },
      judge: deploymentReady,
    });
  }

  /**
   * Records a failure and collects diagnostics now, while the objects still exist. Returns the
   * results (each an attachment file) so the caller can attach them to the failed test.
   */
  async diagnose(label: string): Promise<DiagnosticsTaken | undefined> {
    this.#failed = true;
    if (this.#rounds >= MAX_DIAGNOSTIC_ROUNDS) return undefined;
    this.#rounds += 1;
    const slug = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60);
    const dir = join(
      this.#input.reportDir,
      "suites",
      this.#input.suite,
      `${this.#rounds}-${slug || "failure"}`,
    );
    const results = await collectDiagnostics({
      reportDir: dir,
      defaultTimeoutMs: this.#input.collectorTimeoutMs ?? 30_000,
      collectors: suiteCollectors({
        client: this.#input.client,
        namespace: this.namespace,
        ciliumNamespace: this.#input.ciliumNamespace,
        objects: [...this.#objects.values()],
        nodes: [...this.#nodes],
        since: this.startedAt,
        ...(this.#input.hubbleDrops ? { hubbleDrops: this.#input.hubbleDrops } : {}),
      }),
    });
    return { dir, results };
  }

  /**
   * Ends the suite: diagnostics first if it failed and none were taken yet, then the namespace is
   * deleted (and waited gone) unless the suite failed and failures are kept.
   */
  async close(failed: boolean): Promise<CleanupOutcome> {
    if (failed && !this.#failed) await this.diagnose("suite");
    const anyFailure = failed || this.#failed;
    if (cleanupAction(anyFailure, this.#input.keepOnFailure) === "keep") {
      return {
        action: "kept",
        reason: `suite failed and --keep-on-failure is set: namespace ${this.namespace} left for inspection`,
      };
    }
    try {
      const result = await deleteAndWaitGone(
        this.#input.client,
        { apiVersion: "v1", kind: "Namespace", name: this.namespace },
        { name: "namespaceGone", budgetMs: this.#input.budgets.namespaceGone },
      );
      return { action: "deleted", elapsedMs: result.elapsedMs };
    } catch (error) {
      return { action: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  }
}
