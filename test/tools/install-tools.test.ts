import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toolPins } from "../../src/tools/pinned-tools.ts";

// scripts/install-tools.sh against fake releases laid out like the real ones
// (<base>/<version>/<asset> + <asset>.sha256sum), served from file:// and from a loopback server.

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, "../../scripts/install-tools.sh");
const KIND = toolPins.kind.pinned;
const CILIUM = toolPins.cilium.pinned;

let root: string;
let releases: string;
let toolsDir: string;

async function sha256(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

async function fakeKindRelease(version: string, reported = version): Promise<void> {
  const dir = join(releases, "kind", version);
  await mkdir(dir, { recursive: true });
  const asset = join(dir, "kind-linux-amd64");
  await writeFile(asset, `#!/bin/sh\necho "kind ${reported} go1.24.2 linux/amd64"\n`);
  await writeFile(`${asset}.sha256sum`, `${await sha256(asset)}  kind-linux-amd64\n`);
}

async function fakeTarballRelease(name: string, version: string, versionLine: string): Promise<void> {
  const dir = join(releases, name, version);
  const staging = join(root, `stage-${name}`);
  await mkdir(dir, { recursive: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, name), `#!/bin/sh\necho "${versionLine}"\n`);
  await chmod(join(staging, name), 0o755);
  const asset = join(dir, `${name}-linux-amd64.tar.gz`);
  await run("tar", ["-czf", asset, "-C", staging, name]);
  await writeFile(`${asset}.sha256sum`, `${await sha256(asset)}  ${name}-linux-amd64.tar.gz\n`);
}

function install(
  bases: { kind: string; cilium: string; hubble?: string },
  extraEnv: Record<string, string> = {},
  args: string[] = [],
) {
  return run("bash", [SCRIPT, ...args], {
    env: {
      PATH: process.env.PATH,
      CC_TOOLS_DIR: toolsDir,
      CC_ARCH: "amd64",
      CC_KIND_URL_BASE: bases.kind,
      CC_CILIUM_CLI_URL_BASE: bases.cilium,
      ...(bases.hubble ? { CC_HUBBLE_URL_BASE: bases.hubble } : {}),
      ...extraEnv,
    },
  });
}

function fileBases() {
  return {
    kind: `file://${releases}/kind`,
    cilium: `file://${releases}/cilium`,
    hubble: `file://${releases}/hubble`,
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: number; stderr: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
  throw new Error("expected the install to fail");
}

async function toolVersion(name: string, ...args: string[]): Promise<string> {
  return (await run(join(toolsDir, name), args)).stdout.trim();
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cc-install-tools-"));
  releases = join(root, "releases");
  toolsDir = join(root, "tools", "bin");
  await fakeKindRelease(KIND);
  await fakeTarballRelease("cilium", CILIUM, `cilium-cli: ${CILIUM} compiled with go1.24.5 on linux/amd64`);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("scripts/install-tools.sh", () => {
  it("pins the same versions as the harness checks", async () => {
    const text = await readFile(SCRIPT, "utf8");
    expect(text).toContain(`KIND_VERSION="\${CC_KIND_VERSION:-${KIND}}"`);
    expect(text).toContain(`CILIUM_CLI_VERSION="\${CC_CILIUM_CLI_VERSION:-${CILIUM}}"`);
  });

  it("installs verified kind and cilium, then skips them on a second run without downloading", async () => {
    const first = await install(fileBases());
    expect(first.stderr).toContain(`installed kind ${KIND}`);
    expect(first.stderr).toContain(`installed cilium ${CILIUM}`);
    expect(await toolVersion("kind", "version")).toBe(`kind ${KIND} go1.24.2 linux/amd64`);
    expect(await toolVersion("cilium", "version", "--client")).toContain(`cilium-cli: ${CILIUM}`);
    expect((await stat(join(toolsDir, "kind"))).mode & 0o111).not.toBe(0);

    // Bases that do not exist: a second run must not need them.
    const second = await install({ kind: `file://${root}/nowhere`, cilium: `file://${root}/nowhere` });
    expect(second.stderr).toContain(`kind ${KIND} already installed`);
    expect(second.stderr).toContain(`cilium ${CILIUM} already installed`);
    expect(await readdir(toolsDir)).toEqual(["cilium", "kind"]);
  });

  it("replaces a tool at another version", async () => {
    await mkdir(toolsDir, { recursive: true });
    await writeFile(join(toolsDir, "kind"), "#!/bin/sh\necho 'kind v0.20.0 go1.20 linux/amd64'\n");
    await chmod(join(toolsDir, "kind"), 0o755);
    const result = await install(fileBases());
    expect(result.stderr).toContain(`installed kind ${KIND}`);
    expect(await toolVersion("kind", "version")).toContain(KIND);
  });

  it("fails on a checksum mismatch and installs nothing", async () => {
    const sumFile = join(releases, "kind", KIND, "kind-linux-amd64.sha256sum");
    await writeFile(sumFile, `${"0".repeat(64)}  kind-linux-amd64\n`);
    const { code, stderr } = await failure(install(fileBases()));
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /checksum mismatch for kind-linux-amd64: published 0{64}, downloaded [0-9a-f]{64}; nothing was installed/,
    );
    expect(await readdir(toolsDir)).toEqual([]);
  });

  it("fails clearly when an asset is missing, leaving no work folder behind", async () => {
    const { code, stderr } = await failure(install({ ...fileBases(), cilium: `file://${root}/nowhere` }));
    expect(code).toBe(3);
    expect(stderr).toContain(`download of file://${root}/nowhere/${CILIUM}/cilium-linux-amd64.tar.gz failed`);
    // kind (earlier in the order) was installed; no partial cilium, no temp folder.
    expect(await readdir(toolsDir)).toEqual(["kind"]);
  });

  it("refuses a binary that does not report the pinned version", async () => {
    await rm(join(releases, "kind"), { recursive: true });
    await fakeKindRelease(KIND, "v0.29.0");
    const { stderr } = await failure(install(fileBases()));
    expect(stderr).toContain(
      `the downloaded kind reports 'v0.29.0', expected ${KIND}; nothing was installed`,
    );
    expect(await readdir(toolsDir)).toEqual([]);
  });

  it("installs the hubble CLI only when asked, and only with an explicit version", async () => {
    await fakeTarballRelease(
      "hubble",
      "v1.18.0",
      "hubble v1.18.0@HEAD-abc compiled with go1.24 on linux/amd64",
    );
    await install(fileBases());
    expect(await readdir(toolsDir)).not.toContain("hubble");
    const noVersion = await failure(install(fileBases(), {}, ["--with-hubble"]));
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toContain("--with-hubble needs CC_HUBBLE_VERSION");
    await install(fileBases(), { CC_HUBBLE_VERSION: "v1.18.0" }, ["--with-hubble"]);
    expect(await toolVersion("hubble", "version")).toContain("v1.18.0");
  });

  describe("over HTTP from a loopback server", () => {
    let server: Server;
    let base: string;
    beforeEach(async () => {
      server = createServer((request, response) => {
        const path = normalize(
          join(releases, decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)),
        );
        if (!path.startsWith(releases)) {
          response.writeHead(403).end();
          return;
        }
        stat(path).then(
          (info) => {
            if (!info.isFile()) return void response.writeHead(404).end();
            response.writeHead(200);
            createReadStream(path).pipe(response);
          },
          () => void response.writeHead(404).end("not found"),
        );
      });
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise<void>((done) => server.close(() => done())));

    it("downloads, verifies and installs", async () => {
      const result = await install({ kind: `${base}/kind`, cilium: `${base}/cilium` });
      expect(result.stderr).toContain(`installed cilium ${CILIUM}`);
      expect(await readdir(toolsDir)).toEqual(["cilium", "kind"]);
    });

    it("names the URL and the HTTP error on a 404", async () => {
      const { stderr } = await failure(install({ kind: `${base}/missing`, cilium: `${base}/cilium` }));
      expect(stderr).toContain(`download of ${base}/missing/${KIND}/kind-linux-amd64 failed`);
      expect(stderr).toMatch(/404/);
    });
  });
});
