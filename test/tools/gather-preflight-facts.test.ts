import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gatherPreflightFacts, VERSION_PROBE_TIMEOUT_MS } from "../../src/tools/gather-preflight-facts.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";
import { type FakeBinDir, makeFakeBinDir } from "./fake-binaries.ts";

let fake: FakeBinDir;
let emptyTools: FakeBinDir;
beforeEach(async () => {
  fake = await makeFakeBinDir();
  emptyTools = await makeFakeBinDir();
});
afterEach(async () => {
  await fake.cleanup();
  await emptyTools.cleanup();
});

function gather(env: Record<string, string>) {
  const fullEnv = { PATH: `${fake.dir}:/usr/bin:/bin`, CILIUM_CONFORMANCE_TOOLS_DIR: emptyTools.dir, ...env };
  const runner = createCommandRunner({ transcript: new Transcript(), env: fullEnv });
  return gatherPreflightFacts({ runner, env: fullEnv, cwd: "/", platform: "linux" });
}

describe("gatherPreflightFacts", () => {
  it("reads versions and docker info from the tools it finds", async () => {
    const docker = await fake.add(
      "fake-docker",
      `echo '{"ServerVersion":"27.5.1","OperatingSystem":"Ubuntu 24.04","CgroupVersion":"2"}'`,
    );
    await fake.add("kind", "echo 'kind v0.31.0 go1.24.2 linux/amd64'");
    await fake.add("cilium", "echo 'cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64'");
    const facts = await gather({ CILIUM_CONFORMANCE_DOCKER_BIN: docker });
    expect(facts.docker).toEqual({
      state: "ok",
      serverVersion: "27.5.1",
      operatingSystem: "Ubuntu 24.04",
      cgroupVersion: "2",
    });
    expect(facts.kind).toEqual({ path: `${fake.dir}/kind`, searched: expect.any(Array), version: "v0.31.0" });
    expect(facts.cilium.version).toBe("v0.19.7");
    expect(["cgroup2fs", "tmpfs", "cgroupfs"]).toContain(facts.cgroupFs);
  });

  it("turns a failing docker into a classified fact, not an exception", async () => {
    const denied = await fake.add(
      "denied-docker",
      "echo 'permission denied while trying to connect to the Docker daemon socket' >&2; exit 1",
    );
    expect((await gather({ CILIUM_CONFORMANCE_DOCKER_BIN: denied })).docker.state).toBe("permission-denied");
    const down = await fake.add(
      "down-docker",
      "echo 'Cannot connect to the Docker daemon at unix:///x' >&2; exit 1",
    );
    expect(await gather({ CILIUM_CONFORMANCE_DOCKER_BIN: down }).then((f) => f.docker)).toEqual({
      state: "daemon-down",
      detail: "Cannot connect to the Docker daemon at unix:///x",
    });
    expect((await gather({ CILIUM_CONFORMANCE_DOCKER_BIN: "no-such-docker" })).docker.state).toBe(
      "binary-missing",
    );
  });

  it("reports a tool whose version cannot be read with its output", async () => {
    await fake.add("kind", "echo 'something odd'");
    await fake.add("cilium", "exit 9");
    const facts = await gather({});
    expect(facts.kind).toMatchObject({ version: undefined, versionOutput: "something odd" });
    expect(facts.cilium.version).toBeUndefined();
    expect(facts.cilium.versionOutput).toContain("exited 9");
  });

  it("reads cilium's version although `cilium version --client` then hangs on its GitHub call", async () => {
    // cilium-cli cli/version.go prints the version, then GETs stable.txt from GitHub with no timeout.
    await fake.add("kind", "echo 'kind v0.31.0 go1.24.2 linux/amd64'");
    await fake.add(
      "cilium",
      "echo 'cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64'; echo 'cilium image (default): v1.18.3'; sleep 60; echo 'cilium image (stable): v1.18.11'",
    );
    const started = Date.now();
    const facts = await gather({});
    expect(facts.cilium).toMatchObject({ version: "v0.19.7" });
    expect(Date.now() - started).toBeLessThan(VERSION_PROBE_TIMEOUT_MS);
  });
});
