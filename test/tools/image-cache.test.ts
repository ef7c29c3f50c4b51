import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeBinDir, logArgs, makeFakeBinDir } from "./fake-binaries.ts";

// scripts/image-cache.sh against a fake docker client that logs its argv: an optimisation of the
// CI run that must never fail it, and that pulls and saves one platform only.

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, "../../scripts/image-cache.sh");

let fake: FakeBinDir;
beforeEach(async () => {
  fake = await makeFakeBinDir();
});
afterEach(async () => {
  await fake.cleanup();
});

/** A docker client: `version` answers linux/amd64, images in HAVE exist, SAVE_FAILS makes save fail. */
async function fakeDocker(options: {
  saveHelpHasPlatform: boolean;
  saveFails?: boolean;
  pullFails?: boolean;
}) {
  return fake.add(
    "docker",
    `${logArgs(fake, "docker")}
case "$1" in
  version) echo linux/amd64 ;;
  image) case " $HAVE " in *" $3 "*) exit 0 ;; *) exit 1 ;; esac ;;
  pull) ${options.pullFails ? "echo 'toomanyrequests: rate limit' >&2; exit 1" : "exit 0"} ;;
  save)
    if [ "$2" = --help ]; then ${options.saveHelpHasPlatform ? "echo '      --platform string   Save only the given platform'" : "echo '  -o, --output string'"}; exit 0; fi
    ${options.saveFails ? "echo 'Error response from daemon: content digest sha256:abc: not found' >&2; exit 1" : 'while [ $# -gt 1 ]; do if [ "$1" = -o ]; then echo tar > "$2"; fi; shift; done'} ;;
  load) exit 0 ;;
esac`,
  );
}

function cache(args: string[], env: Record<string, string> = {}) {
  return run("bash", [SCRIPT, ...args], {
    env: { PATH: process.env.PATH, CILIUM_CONFORMANCE_DOCKER_BIN: join(fake.dir, "docker"), ...env },
  });
}

const dockerCalls = async (verb: string) =>
  (await fake.calls()).filter((line) => line.startsWith(`docker ${verb}`) && !line.endsWith("--help"));

describe("scripts/image-cache.sh", () => {
  it("pulls only missing tag references, for the engine's platform", async () => {
    await fakeDocker({ saveHelpHasPlatform: true });
    await cache(["pull", "echo:v1", "busybox:1.36", "kindest/node@sha256:abc"], { HAVE: "busybox:1.36" });
    expect(await dockerCalls("pull")).toEqual(["docker pull --quiet --platform linux/amd64 echo:v1"]);
  });

  it("saves one platform when the client can, and succeeds with the archive in place", async () => {
    await fakeDocker({ saveHelpHasPlatform: true });
    const dir = join(fake.dir, "..", "cache");
    const { stdout } = await cache(["save", dir, "echo:v1"], { HAVE: "echo:v1" });
    expect(stdout).toContain("saved echo:v1");
    expect(await dockerCalls("save")).toEqual([
      `docker save --platform linux/amd64 -o ${dir}/images.tar.tmp echo:v1`,
    ]);
    expect(await readFile(join(dir, "images.tar"), "utf8")).toBe("tar\n");
  });

  it("saves without --platform on an older client", async () => {
    await fakeDocker({ saveHelpHasPlatform: false });
    const dir = join(fake.dir, "..", "cache");
    await cache(["save", dir, "echo:v1"], { HAVE: "echo:v1", CC_IMAGE_PLATFORM: "linux/arm64" });
    expect(await dockerCalls("save")).toEqual([`docker save -o ${dir}/images.tar.tmp echo:v1`]);
  });

  it("never fails the run: a failed save or pull is a warning and exit 0", async () => {
    await fakeDocker({ saveHelpHasPlatform: true, saveFails: true, pullFails: true });
    const dir = join(fake.dir, "..", "cache");
    const saved = await cache(["save", dir, "echo:v1"], { HAVE: "echo:v1" });
    expect(saved.stderr).toMatch(/warning: docker save failed; nothing cached/);
    await expect(stat(join(dir, "images.tar"))).rejects.toThrow();
    await expect(stat(join(dir, "images.tar.tmp"))).rejects.toThrow();
    const pulled = await cache(["pull", "echo:v1"]);
    expect(pulled.stderr).toMatch(/warning: pulling echo:v1 \(linux\/amd64\) failed/);
  });

  it("still refuses a bad invocation with exit 2", async () => {
    await fakeDocker({ saveHelpHasPlatform: true });
    await expect(cache(["save"])).rejects.toMatchObject({ code: 2 });
    await expect(cache(["nonsense"])).rejects.toMatchObject({ code: 2 });
  });
});
