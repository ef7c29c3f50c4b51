import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveTool } from "../../src/tools/tool-paths.ts";
import { type FakeBinDir, makeFakeBinDir } from "./fake-binaries.ts";

let onPath: FakeBinDir;
let local: FakeBinDir;

beforeEach(async () => {
  onPath = await makeFakeBinDir();
  local = await makeFakeBinDir();
});
afterEach(async () => {
  await onPath.cleanup();
  await local.cleanup();
});

describe("resolveTool", () => {
  it("prefers the project tools folder over PATH", async () => {
    await onPath.add("kind", "exit 0");
    const localKind = await local.add("kind", "exit 0");
    const env = { PATH: onPath.dir, CILIUM_CONFORMANCE_TOOLS_DIR: local.dir };
    expect(resolveTool("kind", env, "/").path).toBe(localKind);
  });

  it("falls back to PATH and lists where it looked when nothing is found", async () => {
    const pathCilium = await onPath.add("cilium", "exit 0");
    const env = { PATH: `/nonexistent:${onPath.dir}`, CILIUM_CONFORMANCE_TOOLS_DIR: local.dir };
    expect(resolveTool("cilium", env, "/").path).toBe(pathCilium);
    const missing = resolveTool("kind", env, "/");
    expect(missing.path).toBeUndefined();
    expect(missing.searched).toEqual([`${local.dir}/kind`, "PATH (kind)"]);
  });

  it("takes docker from CILIUM_CONFORMANCE_DOCKER_BIN, as a path or a name on PATH", async () => {
    const fakeDocker = await onPath.add("my-docker", "exit 0");
    expect(resolveTool("docker", { CILIUM_CONFORMANCE_DOCKER_BIN: fakeDocker }, "/").path).toBe(fakeDocker);
    expect(
      resolveTool("docker", { CILIUM_CONFORMANCE_DOCKER_BIN: "my-docker", PATH: onPath.dir }, "/").path,
    ).toBe(fakeDocker);
    const dockerOnPath = await onPath.add("docker", "exit 0");
    expect(resolveTool("docker", { PATH: onPath.dir }, "/").path).toBe(dockerOnPath);
  });

  it("ignores files that are not executable and directories", async () => {
    const env = { PATH: `${onPath.dir}:/`, CILIUM_CONFORMANCE_TOOLS_DIR: local.dir };
    const path = await onPath.add("kind", "exit 0");
    const { chmod } = await import("node:fs/promises");
    await chmod(path, 0o644);
    expect(resolveTool("kind", env, "/").path).toBeUndefined();
    // `/tmp` exists on PATH entry `/` but is a directory, never a tool.
    expect(
      resolveTool("docker", { CILIUM_CONFORMANCE_DOCKER_BIN: "tmp", PATH: "/" }, "/").path,
    ).toBeUndefined();
  });
});
