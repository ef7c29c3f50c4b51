import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KindCli, parseKindVersion } from "../../src/tools/kind.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";
import { type FakeBinDir, logArgs, makeFakeBinDir } from "./fake-binaries.ts";

let fake: FakeBinDir;
beforeEach(async () => {
  fake = await makeFakeBinDir();
});
afterEach(() => fake.cleanup());

async function kindWith(script: string) {
  const path = await fake.add("kind", `${logArgs(fake, "kind")}\n${script}`);
  return new KindCli(
    createCommandRunner({ transcript: new Transcript(), env: { PATH: "/usr/bin:/bin" } }),
    path,
  );
}

describe("KindCli", () => {
  it("deletes by name with the run's kubeconfig, or kind's default without one", async () => {
    const kind = await kindWith("exit 0");
    await kind.deleteCluster("cc-a", "/r/kubeconfig");
    await kind.deleteCluster("cc-b");
    const calls = (await fake.calls()).filter((line) => line.startsWith("kind "));
    expect(calls).toEqual([
      "kind delete cluster --name cc-a --kubeconfig /r/kubeconfig",
      "kind delete cluster --name cc-b",
    ]);
  });

  it("parses kind version output", async () => {
    expect(parseKindVersion("kind v0.31.0 go1.24.2 linux/amd64")).toBe("v0.31.0");
    expect(parseKindVersion("kind version 0.8")).toBeUndefined();
    const kind = await kindWith("echo 'kind v0.32.0-alpha go1.25 linux/amd64'");
    expect(await kind.version()).toBe("v0.32.0-alpha");
  });
});
