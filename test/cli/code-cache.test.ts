// The bundle's code cache, in child processes (it patches Node's CommonJS loader for the process):
// a chunk that requires another and imports an ES module dynamically runs the same with and
// without a cache, the second start compiles from the cache V8 wrote after the first ran, and a
// damaged cache falls back to compiling.

import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packagePath } from "../../src/package-root.ts";

let bundle: string;
let cacheDir: string;
let driver: string;

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), "cc-code-cache-"));
  bundle = join(root, "dist");
  cacheDir = join(root, "cache");
  await writeFile(join(root, "package.json"), '{"type":"commonjs"}');
  await mkdir(bundle);
  // An ES module package beside the bundle, as vitest is beside an installed cilium-conformance.
  await mkdir(join(root, "node_modules", "esm-only"), { recursive: true });
  await writeFile(
    join(root, "node_modules", "esm-only", "package.json"),
    '{"name":"esm-only","type":"module","exports":"./index.js"}',
  );
  await writeFile(
    join(root, "node_modules", "esm-only", "index.js"),
    'export const hello = "from esm-only";',
  );
  await writeFile(
    join(bundle, "main.cjs"),
    `const { double } = require("./util.cjs");
module.exports = async () => ({
  doubled: double(21),
  os: (await import("node:os")).platform(),
  esm: (await import("esm-only")).hello,
  file: __filename,
});`,
  );
  await writeFile(join(bundle, "util.cjs"), "exports.double = (n) => n * 2;");
  driver = join(root, "driver.mjs");
  await writeFile(
    driver,
    `import { createRequire } from "node:module";
const { installCodeCache } = await import(${JSON.stringify(packagePath("src", "cli", "code-cache.ts"))});
const cache = installCodeCache({ bundleDir: process.argv[2], cacheDir: process.argv[3] });
const result = await createRequire(import.meta.url)(process.argv[2] + "/main.cjs")();
const written = cache.persist();
process.stdout.write(JSON.stringify({ result, hits: cache.hits.length, written: written.length }));
`,
  );
});

interface Started {
  result: { doubled: number; os: string; esm: string; file: string };
  hits: number;
  written: number;
}

function start(): Promise<Started> {
  return new Promise((resolve, reject) => {
    // From another folder: the chunk's imports resolve from the chunk, not from the working directory.
    execFile(process.execPath, [driver, bundle, cacheDir], { cwd: tmpdir() }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
  });
}

describe("installCodeCache", () => {
  it("first start: compiles and writes a cache per chunk; second start: compiles from it, same results", async () => {
    const first = await start();
    expect(first).toEqual({
      result: { doubled: 42, os: process.platform, esm: "from esm-only", file: join(bundle, "main.cjs") },
      hits: 0,
      written: 2,
    });
    expect((await readdir(cacheDir)).sort()).toEqual([
      expect.stringMatching(/^main\.cjs-[0-9a-f]{32}$/),
      expect.stringMatching(/^util\.cjs-[0-9a-f]{32}$/),
    ]);
    const second = await start();
    expect(second).toEqual({ result: first.result, hits: 2, written: 0 });
  }, 30_000);

  it("a changed chunk has a new key; a damaged cache is compiled again and rewritten", async () => {
    await start();
    for (const name of await readdir(cacheDir)) await writeFile(join(cacheDir, name), "not a V8 code cache");
    const damaged = await start();
    expect(damaged).toMatchObject({ result: { doubled: 42 }, hits: 0, written: 2 });
    await writeFile(join(bundle, "util.cjs"), "exports.double = (n) => n * 3;");
    const changed = await start();
    expect(changed).toMatchObject({ result: { doubled: 63 }, hits: 1, written: 1 });
  }, 30_000);
});
