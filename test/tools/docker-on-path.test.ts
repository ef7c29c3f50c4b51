import { readdirSync, readlinkSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createToolbox } from "../../src/cluster/toolbox.ts";
import { dockerOnPath } from "../../src/tools/docker-on-path.ts";
import { type FakeBinDir, makeFakeBinDir } from "./fake-binaries.ts";

// kind v0.31.0 runs `docker` from PATH (pkg/cluster/internal/providers/docker: exec.Command("docker", …)).

let engines: FakeBinDir;
let tools: FakeBinDir;
let shims: string;
beforeEach(async () => {
  engines = await makeFakeBinDir();
  tools = await makeFakeBinDir();
  shims = await mkdtemp(join(tmpdir(), "cc-shims-"));
});
afterEach(async () => {
  await engines.cleanup();
  await tools.cleanup();
  await rm(shims, { recursive: true, force: true });
});

describe("dockerOnPath", () => {
  it("leaves the environment alone without CILIUM_CONFORMANCE_DOCKER_BIN", () => {
    const env = { PATH: "/usr/bin" };
    expect(dockerOnPath(env, "/", shims)).toBe(env);
  });

  it("puts the folder of a client named docker first on PATH", async () => {
    const docker = await engines.add("docker", "echo other engine");
    const env = dockerOnPath({ PATH: "/usr/bin:/bin", CILIUM_CONFORMANCE_DOCKER_BIN: docker }, "/", shims);
    expect(env.PATH).toBe(`${engines.dir}:/usr/bin:/bin`);
  });

  it("links a client named otherwise as `docker` in a folder of its own", async () => {
    const docker = await engines.add("docker-27", "echo other engine");
    const env = dockerOnPath({ PATH: "/usr/bin", CILIUM_CONFORMANCE_DOCKER_BIN: docker }, "/", shims);
    const shim = env.PATH?.split(":")[0] ?? "";
    expect(shim.startsWith(shims)).toBe(true);
    expect(readlinkSync(join(shim, "docker"))).toBe(docker);
    // Idempotent: the same folder again, the link unchanged.
    expect(dockerOnPath({ PATH: "/usr/bin", CILIUM_CONFORMANCE_DOCKER_BIN: docker }, "/", shims).PATH).toBe(
      env.PATH,
    );
  });

  it("makes kind, run through the toolbox, find the configured docker client", async () => {
    const docker = await engines.add("docker-27", "echo 'docker from the configured engine'");
    // A kind that does what kind does: run `docker` from PATH.
    await tools.add("kind", "docker");
    await tools.add("docker", "echo 'the wrong docker'");
    const toolbox = createToolbox({
      env: {
        PATH: `${tools.dir}:/usr/bin:/bin`,
        CILIUM_CONFORMANCE_DOCKER_BIN: docker,
        CILIUM_CONFORMANCE_TOOLS_DIR: "/nonexistent",
        TMPDIR: shims,
      },
      cwd: "/",
    });
    const result = await toolbox.exec("kind", []);
    expect(result.stdout).toBe("docker from the configured engine");
    // The shim lives under the env's TMPDIR, not in a shared /tmp folder.
    expect(readdirSync(shims).map((dir) => readlinkSync(join(shims, dir, "docker")))).toEqual([docker]);
  });
});
