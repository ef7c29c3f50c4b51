// The vitest side of a suite file, registered once at the top of it: load the run (beforeAll),
// open the guarded Kubernetes client and the suite's session, label every test for Allure
// (beforeEach), collect and attach diagnostics when a test fails (afterEach — before any
// cleanup) or when the suite's own setup failed (afterAll), and close the session (afterAll:
// delete the namespace unless failures are kept).

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, type TestContext } from "vitest";
import { checkHarnessContext } from "../cluster/kube-context-guard.ts";
import { forwardProgressFromWorker } from "../console/progress-forwarding.ts";
import { type KubeClient, openKubeClient } from "../k8s/kube-client.ts";
import { dropsInNamespaceSince, openHubble } from "../probes/hubble.ts";
import { type AllureFacade, attachJson, attachText, labelTest } from "../report/allure-labels.ts";
import type { Figure } from "../report/report-model.ts";
import { ciliumComponents } from "./cilium-components.ts";
import { useSuiteAttachments } from "./suite-attachments.ts";
import { suiteById } from "./suite-catalog.ts";
import { loadSuiteContext, type SuiteContext } from "./suite-context.ts";
import { suiteOutcome } from "./suite-failure.ts";
import { figureAnnotation } from "./suite-figures.ts";
import { type CleanupOutcome, type DiagnosticsTaken, SuiteSession } from "./suite-session.ts";

export interface SuiteHarness {
  /** Loaded in beforeAll; throws when called before. */
  readonly ctx: SuiteContext;
  readonly client: KubeClient;
  readonly session: SuiteSession;
  /** Records a measured figure on the test (it reaches summary.md and Allure). */
  figure(test: TestContext, figure: Figure): Promise<void>;
  /**
   * Attaches text (an ARP transcript, an HTTP exchange) to the current test's result; outside a
   * test (afterAll) to the suite file's setup case or last case (suite-attachments.ts).
   */
  attach(name: string, value: string | object): Promise<void>;
  /** How the session ended (after afterAll). */
  readonly cleanup: CleanupOutcome | undefined;
}

/** Opens the run's kubeconfig, refusing any context that is not this run's kind cluster. */
export function openRunClient(ctx: SuiteContext): KubeClient {
  const identity = { clusterName: ctx.run.clusterName, lanSubnet: ctx.run.network.subnet };
  return openKubeClient({
    kubeconfigPath: ctx.run.kubeconfigPath,
    context: ctx.run.kubeContext,
    guard: (info) => {
      const verdict = checkHarnessContext(info.name, info.server, identity);
      return verdict.ok ? { allowed: true } : { allowed: false, reason: verdict.reason };
    },
  });
}

export function useSuiteHarness(
  suiteId: string,
  env: Record<string, string | undefined> = process.env,
): SuiteHarness {
  // The suite's waits and tools' progress reach the `test` console (a no-op outside `test`).
  forwardProgressFromWorker(env);
  // First, so its beforeAll knows the suite file even when the harness's own setup fails.
  const facade = useSuiteAttachments();
  const entry = suiteById(suiteId);
  const title = entry?.title ?? suiteId;
  let ctx: SuiteContext | undefined;
  let client: KubeClient | undefined;
  let session: SuiteSession | undefined;
  let cleanup: CleanupOutcome | undefined;
  let anyFailed = false;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: the suite's beforeAll did not complete`);
    return value;
  };

  beforeAll(async () => {
    ctx = await loadSuiteContext(env);
    client = openRunClient(ctx);
    const kubeConfig = client.kubeConfig;
    const relay = ciliumComponents(ctx.run.ciliumNamespace).relay;
    session = await SuiteSession.open({
      client,
      suite: suiteId,
      runId: ctx.run.runId,
      reportDir: ctx.run.reportDir,
      ciliumNamespace: ctx.run.ciliumNamespace,
      keepOnFailure: ctx.options.keepOnFailure,
      budgets: ctx.budgets,
      hubbleDrops: async (namespace, since) => {
        const hubble = await openHubble(kubeConfig, relay);
        try {
          const report = await dropsInNamespaceSince(hubble.relay, namespace, since);
          const header = `${report.drops.length} drop(s) in ${namespace} since ${since.toISOString()}${report.lostEvents ? `, ${report.lostEvents} events lost` : ""}`;
          return [header, ...report.lines, ...report.nodeStatus.map((line) => `relay: ${line}`)].join("\n");
        } finally {
          await hubble.close();
        }
      },
    });
  });

  beforeEach(async () => {
    await labelTest({ suite: title });
  });

  afterEach(async (test) => {
    if (test.task.result?.state !== "fail" || !session) return;
    anyFailed = true;
    await attachDiagnostics(await session.diagnose(test.task.name), facade);
  });

  // vitest reads the first parameter for fixtures and demands a destructuring pattern there; the
  // suite (whose result says whether its own beforeAll failed) comes second.
  // biome-ignore lint/correctness/noEmptyPattern: required by vitest's fixture parser, see above
  afterAll(async ({}, suite) => {
    const outcome = suiteOutcome(suite.result?.state, anyFailed);
    if (session && outcome.diagnoseSetup)
      await attachDiagnostics(await session.diagnose("suite setup"), facade);
    if (session) cleanup = await session.close(outcome.failed);
    if (cleanup?.action === "failed")
      throw new Error(`cleanup of ${session?.namespace} failed: ${cleanup.error}`);
  });

  return {
    get ctx() {
      return need(ctx, "the run context");
    },
    get client() {
      return need(client, "the Kubernetes client");
    },
    get session() {
      return need(session, "the suite session");
    },
    get cleanup() {
      return cleanup;
    },
    figure: (test, figure) => {
      const annotation = figureAnnotation(figure);
      return test.annotate(annotation.message, annotation.type).then(() => undefined);
    },
    attach: (name, value) =>
      typeof value === "string" ? attachText(name, value, facade) : attachJson(name, value, facade),
  };
}

async function attachDiagnostics(taken: DiagnosticsTaken | undefined, facade: AllureFacade): Promise<void> {
  for (const result of taken?.results ?? []) {
    const content = await readFile(join(taken?.dir ?? "", result.attachment.path), "utf8").catch(
      () => `(could not read ${result.attachment.path})`,
    );
    await facade.attachment(`diagnostics: ${result.name}`, content, result.attachment.contentType);
  }
}
