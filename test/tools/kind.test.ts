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
  const path = await fake.add(
    "kind",
    `${logArgs(fake, "kind")}\necho "net=$KIND_EXPERIMENTAL_DOCKER_NETWORK" >> "${fake.logFile}"\n${script}`,
  );
  return new KindCli(
    createCommandRunner({ transcript: new Transcript(), env: { PATH: "/usr/bin:/bin" } }),
    path,
  );
}

describe("KindCli", () => {
  it("creates the cluster on the harness network with its own kubeconfig", async () => {
    const kind = await kindWith("exit 0");
    await kind.createCluster({
      name: "cc-run1",
      configPath: "/r/kind-config.yaml",
      networkName: "cc-lan-run1",
      kubeconfigPath: "/r/kubeconfig",
      image: "kindest/node:v1.35.0@sha256:abc",
      timeoutMs: 10_000,
    });
    expect(await fake.calls()).toEqual([
      "kind create cluster --name cc-run1 --config /r/kind-config.yaml --kubeconfig /r/kubeconfig --image kindest/node:v1.35.0@sha256:abc",
      "net=cc-lan-run1",
    ]);
  });

  it("lists clusters and nodes line by line", async () => {
    const kind = await kindWith(`case "$1" in get) printf 'cc-a\\ncc-b\\n';; esac`);
    expect(await kind.getClusters()).toEqual(["cc-a", "cc-b"]);
    expect(await kind.getNodes("cc-a")).toEqual(["cc-a", "cc-b"]);
  });

  it("reads an empty cluster list when kind only complains on stderr", async () => {
    const kind = await kindWith("echo 'No kind clusters found.' >&2");
    expect(await kind.getClusters()).toEqual([]);
  });

  it("deletes and exports logs by name", async () => {
    const kind = await kindWith("exit 0");
    await kind.deleteCluster("cc-a", "/r/kubeconfig");
    await kind.exportLogs("cc-a", "/r/diag/kind-logs");
    const calls = (await fake.calls()).filter((line) => line.startsWith("kind "));
    expect(calls).toEqual([
      "kind delete cluster --name cc-a --kubeconfig /r/kubeconfig",
      "kind export logs /r/diag/kind-logs --name cc-a",
    ]);
  });

  it("parses kind version output", async () => {
    expect(parseKindVersion("kind v0.31.0 go1.24.2 linux/amd64")).toBe("v0.31.0");
    expect(parseKindVersion("kind version 0.8")).toBeUndefined();
    const kind = await kindWith("echo 'kind v0.32.0-alpha go1.25 linux/amd64'");
    expect(await kind.version()).toBe("v0.32.0-alpha");
  });
});
