import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandFailedError } from "../../src/errors.ts";
import { CiliumCli, parseCiliumCliVersion } from "../../src/tools/cilium-cli.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";
import { type FakeBinDir, logArgs, makeFakeBinDir } from "./fake-binaries.ts";

let fake: FakeBinDir;
beforeEach(async () => {
  fake = await makeFakeBinDir();
});
afterEach(() => fake.cleanup());

const target = { kubeconfigPath: "/r/kubeconfig", context: "kind-cc-run1" };

async function ciliumWith(script: string) {
  const path = await fake.add(
    "cilium",
    `${logArgs(fake, "cilium")}\necho "KUBECONFIG=$KUBECONFIG" >> "${fake.logFile}"\n${script}`,
  );
  return new CiliumCli(
    createCommandRunner({ transcript: new Transcript(), env: { PATH: "/usr/bin:/bin" } }),
    path,
  );
}

describe("CiliumCli", () => {
  it("installs a chart version with values files in order, against an explicit context", async () => {
    const cilium = await ciliumWith("exit 0");
    await cilium.install({
      ...target,
      version: "1.18.11",
      valuesFiles: ["/r/plan/values.yaml", "/r/plan/values-overlay.yaml"],
      sets: ["operator.replicas=1"],
      timeoutMs: 10_000,
    });
    expect(await fake.calls()).toEqual([
      "cilium install --version 1.18.11 --values /r/plan/values.yaml --values /r/plan/values-overlay.yaml --set operator.replicas=1 --context kind-cc-run1",
      "KUBECONFIG=/r/kubeconfig",
    ]);
  });

  it("waits with an explicit wait duration and no interactive output", async () => {
    const cilium = await ciliumWith("exit 0");
    await cilium.statusWait({ ...target, waitDurationMs: 300_000 });
    expect((await fake.calls())[0]).toBe(
      "cilium status --wait --wait-duration 300s --interactive=false --context kind-cc-run1",
    );
  });

  it("tells cilium where Cilium runs when the target names a namespace", async () => {
    const cilium = await ciliumWith("exit 0");
    await cilium.run(["upgrade", "--version", "1.19.5"], { ...target, namespace: "cilium-system" });
    expect((await fake.calls())[0]).toBe(
      "cilium upgrade --version 1.19.5 --context kind-cc-run1 --namespace cilium-system",
    );
  });

  it("takes a failing status as an answer for diagnostics but not for the wait", async () => {
    const cilium = await ciliumWith("echo 'Cilium: 1 errors'; exit 1");
    expect((await cilium.status(target)).stdout).toBe("Cilium: 1 errors");
    await expect(cilium.statusWait({ ...target, waitDurationMs: 1000 })).rejects.toBeInstanceOf(
      CommandFailedError,
    );
  });

  it("parses the client version", async () => {
    expect(parseCiliumCliVersion("cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64\n")).toBe(
      "v0.19.7",
    );
    const cilium = await ciliumWith("echo 'cilium-cli: v0.18.5 compiled with go1.23 on linux/amd64'");
    expect(await cilium.version()).toBe("v0.18.5");
  });
});
