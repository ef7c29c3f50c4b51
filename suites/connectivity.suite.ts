// `cilium connectivity test` as one case here; the `test` command then reports each of the tool's
// tests as its own case from the outcome this writes. Why: docs/suites.md ("connectivity").

import { mkdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  connectivityFiles,
  connectivityOptions,
  writeConnectivityOutcome,
} from "../src/conformance/connectivity/connectivity-plan.ts";
import { runTools } from "../src/conformance/run-tools.ts";
import { loadSuiteContext } from "../src/conformance/suite-context.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { runConnectivityTest } from "../src/connectivity/connectivity-runner.ts";

const h = useSuiteHarness("connectivity");
const tools = runTools(process.env, process.cwd());
// The test's own timeout comes from the budget table; read it before vitest collects the test.
const budgetMs = await loadSuiteContext(process.env).then(
  (ctx) => ctx.budgets.connectivityTest,
  () => 60_000,
);

describe("cilium connectivity test", () => {
  it(
    "passes (each of its tests is its own case in the report)",
    async () => {
      // Its tests run on every node and check-log-errors reads every agent's log: a failure's
      // diagnostics carry each node's agent log (the line it flagged is in one of them).
      for (const node of h.ctx.run.nodes) h.session.trackNode(node.name);
      const files = connectivityFiles(h.ctx.run.reportDir);
      await mkdir(files.dir, { recursive: true });
      const outcome = await runConnectivityTest({
        runner: tools.runner,
        ciliumBin: tools.ciliumBinary,
        options: connectivityOptions(h.ctx.run, h.ctx.options, budgetMs),
        processTimeoutMs: budgetMs,
        env: { KUBECONFIG: h.ctx.run.kubeconfigPath },
      });
      await writeConnectivityOutcome(files.outcome, outcome);
      await h.attach("cilium connectivity test", {
        command: outcome.command,
        kind: outcome.kind,
        exitCode: outcome.exitCode,
      });
      if (outcome.kind === "infrastructure")
        throw new Error(`connectivity test infrastructure failure: ${outcome.reason}`);
      const failed = outcome.kind === "failed" ? outcome.failedCases.map((c) => c.name) : [];
      expect(failed, "failed connectivity tests").toEqual([]);
    },
    budgetMs + 120_000,
  );
});
