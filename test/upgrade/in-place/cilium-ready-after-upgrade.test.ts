import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/kube-access.ts";
import { WaitTimeoutError } from "../../../src/errors.ts";
import { defaultWaitBudgets } from "../../../src/plan/wait-budgets.ts";
import { CiliumCli } from "../../../src/tools/cilium-cli.ts";
import { createCommandRunner } from "../../../src/tools/run-command.ts";
import { Transcript } from "../../../src/tools/transcript.ts";
import { waitCiliumReadyAfterUpgrade } from "../../../src/upgrade/in-place/cilium-ready-after-upgrade.ts";
import { manualClock } from "../../../src/wait/clock.ts";
import { type FakeBinDir, logArgs, makeFakeBinDir } from "../../tools/fake-binaries.ts";

const statusWithWarnings = new URL("../../tools/fixtures/cilium-status-with-warnings.txt", import.meta.url)
  .pathname;

let fake: FakeBinDir;
beforeEach(async () => {
  fake = await makeFakeBinDir();
});
afterEach(() => fake.cleanup());

const target = { kubeconfigPath: "/r/kubeconfig", context: "kind-cc-run1", namespace: "cilium" };

/** The agent DaemonSet of the release, `available` of 3 pods available. */
function agent(available: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: {
      name: "cilium",
      namespace: "cilium",
      generation: 2,
      annotations: { "meta.helm.sh/release-name": "cilium" },
    },
    status: {
      observedGeneration: 2,
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: available,
      numberReady: 3,
    },
  };
}

async function setUp(rollout: (look: number) => KubeObject[]) {
  const path = await fake.add("cilium", `${logArgs(fake, "cilium")}\ncat "${statusWithWarnings}"`);
  const cilium = new CiliumCli(
    createCommandRunner({ transcript: new Transcript(), env: { PATH: "/usr/bin:/bin" } }),
    path,
  );
  const clock = manualClock(0);
  const lists: string[] = [];
  let looks = 0;
  const kube = {
    async list(apiVersion: string, kind: string, namespace?: string) {
      lists.push(`${apiVersion} ${kind} ${namespace}`);
      if (kind !== "DaemonSet") return [];
      looks += 1;
      return rollout(looks);
    },
  };
  const log: string[] = [];
  const run = (budgets = defaultWaitBudgets()) =>
    waitCiliumReadyAfterUpgrade({
      cilium,
      kube,
      target,
      budgets,
      clock,
      log: (line) => log.push(line),
    });
  return { run, clock, lists, log };
}

describe("waitCiliumReadyAfterUpgrade", () => {
  it("waits as up does: status --ignore-warnings within the run's ciliumReady budget (600 s), then the release's rollouts", async () => {
    const { run, clock, lists, log } = await setUp((look) => [agent(look < 3 ? 2 : 3)]);
    await run();
    expect(await fake.calls()).toEqual([
      "cilium status --wait --wait-duration 600s --ignore-warnings --interactive=false --context kind-cc-run1 --namespace cilium",
    ]);
    // The upgrade rolled the agent: two looks see 2/3 available, the third all of them.
    expect(lists.filter((line) => line.includes("DaemonSet"))).toEqual([
      "apps/v1 DaemonSet cilium",
      "apps/v1 DaemonSet cilium",
      "apps/v1 DaemonSet cilium",
    ]);
    expect(clock.now()).toBe(4000);
    expect(log.join("")).toContain("cilium status passed with 4 warning(s), not fatal (--ignore-warnings)");
  });

  it("passes the run plan's budget, not a default of its own", async () => {
    const { run } = await setUp(() => [agent(3)]);
    await run({ ...defaultWaitBudgets(), ciliumReady: 900_000 });
    expect((await fake.calls())[0]).toContain("--wait-duration 900s --ignore-warnings");
  });

  it("fails as ciliumRollouts with what it last saw when a workload status let pass never rolls out", async () => {
    const { run, clock } = await setUp(() => [agent(2)]);
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain("ciliumRollouts");
    expect((error as Error).message).toContain("daemonset/cilium: 3/3 updated, 2/3 available");
    expect(clock.now()).toBeGreaterThanOrEqual(defaultWaitBudgets().ciliumRollouts);
  });
});
