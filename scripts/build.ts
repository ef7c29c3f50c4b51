// `npm run build` (also run by `npm pack` through `prepack`): the JavaScript the published package
// runs, in dist/. The sources stay TypeScript and the tests run them; Node refuses to strip types
// under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING), so an installed package needs
// plain JavaScript.
//
//   dist/cli/main.cjs + chunks   the CLI: one chunk per command, loaded when that command runs
//   dist/suites/<id>.suite.js    the conformance suites (ESM, as vitest loads them) + their chunks
//   dist/THIRD-PARTY-NOTICES.md  the licences of the packages inlined below
//
// With --pack (the prepack hook) it also writes npm-shrinkwrap.json, a copy of package-lock.json
// that npm ships in the tarball (the package lock is never published): an installed
// cilium-conformance gets exactly the dependency tree its tests ran with, and npm installs it
// without resolving versions. postpack removes the copy.
//
// Why rolldown rather than `tsc` emit (TypeScript 7 can emit, with rewriteRelativeImportExtensions):
// start-up. Measured on the seed repo (`check`, CPU time, 2-core machine, median of 30, compile
// cache on): tsc's one-file-per-module output 6.6× `node -e 0`; bundled ESM 4.9×; bundled
// CommonJS 4.3×. Resolving ~150 modules one by one costs ~70 ms; an ESM `import` of a builtin
// (node:fs, node:util) evaluates every lazy getter of that builtin (streams, Web Locks, ...),
// `require` does not; and yaml's Node build is 72 CommonJS files. So the CLI is CommonJS with yaml
// inlined (the one package `check` always needs: a devDependency for that reason); every other
// package stays a runtime dependency, loaded from node_modules by the command that needs it. Type stripping is rolldown's (oxc); `tsc --noEmit` still type-checks the sources.

import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { type RolldownOptions, rolldown } from "rolldown";
import { packageRoot } from "../src/package-root.ts";

/** Packages bundled into dist/ instead of being installed beside it. */
export const INLINED_PACKAGES = ["yaml"] as const;

const dist = join(packageRoot, "dist");

function isExternal(id: string): boolean {
  if (id.startsWith("node:") || builtinModules.includes(id)) return true;
  if (id.startsWith(".") || id.startsWith("/") || id.startsWith("\0")) return false;
  return !INLINED_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));
}

/** Every warning fails the build: an unresolved import or an eval would otherwise ship. */
function strict(label: string): Pick<RolldownOptions, "onLog"> {
  return {
    onLog(level, log) {
      if (level === "warn") throw new Error(`build ${label}: ${log.message}`);
    },
  };
}

async function build(
  label: string,
  options: RolldownOptions & { output: NonNullable<RolldownOptions["output"]> },
) {
  const bundle = await rolldown({ ...options, platform: "node", external: isExternal, ...strict(label) });
  const outputs = Array.isArray(options.output) ? options.output : [options.output];
  for (const output of outputs) await bundle.write(output);
  await bundle.close();
}

function suiteEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const file of readdirSync(join(packageRoot, "suites"))) {
    if (file.endsWith(".suite.ts")) entries[file.replace(/\.ts$/, "")] = join(packageRoot, "suites", file);
  }
  return entries;
}

function notices(): string {
  const sections = INLINED_PACKAGES.map((name) => {
    const folder = join(packageRoot, "node_modules", name);
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
      version: string;
      license: string;
    };
    const licence = readFileSync(join(folder, "LICENSE"), "utf8").trim();
    return `## ${name} ${manifest.version} (${manifest.license})\n\n\`\`\`\n${licence}\n\`\`\`\n`;
  });
  return `# Third-party notices\n\ndist/ includes the code of these packages:\n\n${sections.join("\n")}`;
}

export async function buildDist(): Promise<string> {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await build("cli", {
    // launch: the published entry (the code cache, then main); main: the CLI itself.
    input: {
      launch: join(packageRoot, "src", "cli", "launch.ts"),
      main: join(packageRoot, "src", "cli", "main.ts"),
    },
    output: {
      dir: join(dist, "cli"),
      format: "cjs",
      entryFileNames: "[name].cjs",
      chunkFileNames: "[name]-[hash].cjs",
    },
  });
  await build("suites", {
    input: suiteEntries(),
    output: {
      dir: join(dist, "suites"),
      format: "esm",
      entryFileNames: "[name].js",
      chunkFileNames: "chunks/[name]-[hash].js",
    },
  });
  writeFileSync(join(dist, "THIRD-PARTY-NOTICES.md"), notices());
  return dist;
}

export const SHRINKWRAP = join(packageRoot, "npm-shrinkwrap.json");

if (process.argv[1] === import.meta.filename) {
  const started = performance.now();
  const out = await buildDist();
  if (process.argv.includes("--pack")) copyFileSync(join(packageRoot, "package-lock.json"), SHRINKWRAP);
  process.stdout.write(`build: ${out} in ${Math.round(performance.now() - started)} ms\n`);
}
