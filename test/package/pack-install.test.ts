// The published package as a user gets it: `npm pack` (its prepack hook builds dist/), installed
// into an empty folder with --omit=dev, so a package the commands need at run time but declared as
// a devDependency is missing here as it would be for them; then check, plan and run through the
// bin npm linked, and the suites through vitest from node_modules, as `test` runs them.
// Slow (an npm install of ~200 MB): figures in README's "Benchmarks" section.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { suiteCatalog } from "../../src/conformance/suite-catalog.ts";
import { suiteLayout, suiteVitestSettings } from "../../src/conformance/suite-vitest-settings.ts";
import { packageRoot } from "../../src/package-root.ts";

interface Ran {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const NODE_DIR = dirname(process.execPath);

/** npm settings a nested npm must keep (where its cache and registry are); the rest of `npm test`'s npm_* is dropped. */
const KEPT_NPM_SETTINGS = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);

/** The environment of a user with this Node first on PATH; none of the harness's own overrides. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const ours = name.startsWith("CILIUM_CONFORMANCE_") || name.startsWith("VITEST");
    const npmRun = name.startsWith("npm_") && !KEPT_NPM_SETTINGS.has(name);
    if (!ours && !npmRun) env[name] = value;
  }
  return { ...env, PATH: `${NODE_DIR}${delimiter}${process.env.PATH ?? ""}`, NO_COLOR: "1", ...extra };
}

function run(command: string, args: string[], cwd: string, env = userEnv(), timeoutMs = 600_000) {
  return new Promise<Ran>((resolve) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? -1 : 0;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}

let work: string;
let app: string;
let installed: string;
let packedFiles: string[];
const timings: Record<string, number> = {};

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "cc-pack-"));
  app = join(work, "app");
  await mkdir(app);
  const packed = await timed("pack", () =>
    run("npm", ["pack", "--json", "--pack-destination", work], packageRoot),
  );
  if (packed.exitCode !== 0) throw new Error(`npm pack failed (${packed.exitCode}): ${packed.stderr}`);
  const [manifest] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!manifest) throw new Error(`npm pack printed no manifest: ${packed.stdout}`);
  packedFiles = manifest.files.map((file) => file.path);
  const install = await timed("install", () =>
    run(
      "npm",
      ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", join(work, manifest.filename)],
      app,
    ),
  );
  if (install.exitCode !== 0) throw new Error(`npm install failed (${install.exitCode}): ${install.stderr}`);
  installed = join(app, "node_modules", "cilium-conformance");
}, 900_000);

afterAll(async () => {
  process.stderr.write(`pack-install timings (ms): ${JSON.stringify(timings)}\n`);
  if (work) await rm(work, { recursive: true, force: true });
});

/** The installed bin, its caches (the bundle's code cache) in the test's folder rather than the user's. */
const cli = (args: string[], extra: Record<string, string> = {}) =>
  run(
    join(app, "node_modules", ".bin", "cilium-conformance"),
    args,
    app,
    userEnv({ CILIUM_CONFORMANCE_CACHE_DIR: join(work, "cache"), ...extra }),
  );

describe("npm pack", () => {
  it("ships the build, the suites, the fixtures and the pinned dependency tree, and no TypeScript", () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        "package.json",
        "bin/cilium-conformance.js",
        "bin/package.json",
        "dist/cli/launch.cjs",
        "dist/cli/main.cjs",
        "dist/THIRD-PARTY-NOTICES.md",
        "fixtures/homelab/infra/controllers/cilium/helm-release.yaml",
        "fixtures/workloads/echo/echo-backend.yaml",
        "kind-config.yaml",
        "src/probes/hubble/proto/observer/observer.proto",
        "npm-shrinkwrap.json",
        ...suiteCatalog.map((entry) => `${suiteLayout(true).dir}/${entry.id}${suiteLayout(true).extension}`),
      ]),
    );
    expect(packedFiles.filter((file) => file.endsWith(".ts"))).toEqual([]);
    expect(packedFiles.filter((file) => /^(test|suites|bench|rehearsal)\//.test(file))).toEqual([]);
  });
});

describe("installed with --omit=dev into an empty folder", () => {
  it("has the run-time dependencies of run/test and none of the dev tools", () => {
    for (const name of ["vitest", "allure-vitest", "testcontainers", "@kubernetes/client-node"]) {
      expect(existsSync(join(app, "node_modules", name, "package.json")), name).toBe(true);
    }
    for (const name of ["typescript", "@biomejs/biome", "@action-validator/core"]) {
      expect(existsSync(join(app, "node_modules", name)), name).toBe(false);
    }
    expect(existsSync(join(installed, "src", "cli", "main.ts"))).toBe(false);
  });

  it("check: the seed repo's findings, exit 1 for its error", async () => {
    const result = await timed("check", () => cli(["check", "--format", "json"]));
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(1);
    const ids = (JSON.parse(result.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["pool-includes-broadcast-address", "removed-values-key"]));
    const version = await cli(["--version"]);
    expect(version.stdout.trim()).toMatch(/^cilium-conformance \d+\.\d+\.\d+/);
    // The bundle's code cache was written for the chunks check ran (src/cli/code-cache.ts).
    const [codeDir] = await readdir(join(work, "cache", "code"));
    const cached = await readdir(join(work, "cache", "code", codeDir ?? ""));
    expect(cached.some((name) => name.startsWith("main.cjs-"))).toBe(true);
    expect(cached.some((name) => name.startsWith("check-command-"))).toBe(true);
  }, 120_000);

  it("plan: the run plan of the embedded seed repo, from the shipped fixtures and kind config", async () => {
    const result = await cli(["plan", "--format", "json"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      repoRoot: string;
      cilium: { chartVersion: string };
      kind: { config: { networking: Record<string, unknown>; nodes: unknown[] } };
    };
    expect(plan.repoRoot).toBe(join(installed, "fixtures", "homelab"));
    expect(plan.cilium.chartVersion).toBe("1.18.11");
    expect(plan.kind.config.networking).toMatchObject({ disableDefaultCNI: true, kubeProxyMode: "none" });
    expect(plan.kind.config.nodes.length).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it("run: stops at its preflight with exit 3 and still writes the report", async () => {
    const reports = join(work, "reports");
    const result = await cli(["run", "--suite", "lb-ipam"], {
      CILIUM_CONFORMANCE_REPORTS_DIR: reports,
      CILIUM_CONFORMANCE_RUN_ID: "pack-test",
      // Whatever this machine has, the preflight must fail: no kind.
      CILIUM_CONFORMANCE_KIND_BIN: join(work, "no-such-kind"),
    });
    expect(result.exitCode, result.stderr).toBe(3);
    const model = JSON.parse(await readFile(join(reports, "pack-test", "report.json"), "utf8")) as {
      suites: { source: string; cases: { name: string; status: string; failureMessage?: string }[] }[];
    };
    const provisioning = model.suites.find((suite) => suite.source === "provisioning");
    expect(provisioning?.cases[0]).toMatchObject({
      name: "Infrastructure/Provisioning",
      status: "broken",
      failureMessage: expect.stringContaining("preflight"),
    });
    expect(await readFile(join(reports, "pack-test", "summary.md"), "utf8")).toContain("kind was not found");
    expect(await readFile(join(reports, "pack-test", "junit.xml"), "utf8")).toContain(
      "Infrastructure/Provisioning",
    );
  }, 120_000);

  it("the suites load and run in vitest from node_modules, with the runner's settings", async () => {
    // What `test` does once a cluster answers; without one each suite's setup fails, which is
    // the proof that it loaded: every import resolved from the installed package.
    const script = join(app, "run-suite.mjs");
    await writeFile(
      script,
      `import { startVitest } from "vitest/node";
const [root, settings, file] = [process.argv[2], JSON.parse(process.argv[3]), process.argv[4]];
const vitest = await startVitest("test", [file], { ...settings, root, config: false, watch: false, run: true, reporters: [] });
const modules = vitest.state.getTestModules().map((m) => ({ state: m.state(), errors: m.errors().map((e) => e.message), tests: [...m.children.allTests()].length }));
await vitest.close();
process.stdout.write(JSON.stringify(modules));
process.exit(0);
`,
    );
    const file = `${suiteLayout(true).dir}/hubble${suiteLayout(true).extension}`;
    const result = await run(
      process.execPath,
      [script, installed, JSON.stringify(suiteVitestSettings(true)), file],
      app,
      userEnv({ CILIUM_CONFORMANCE_CONTEXT: join(work, "missing", "run-context.json") }),
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const [module] = JSON.parse(result.stdout) as { state: string; errors: string[]; tests: number }[];
    expect(module?.tests).toBeGreaterThan(0);
    expect(module?.errors.join("\n")).toContain("no run context at");
  }, 180_000);
});
