// Runs `check` in this process with a module hook that records every module loaded, then
// prints the npm packages among them as JSON. Used by the benchmark and by a test that keeps
// `check` free of heavy modules (the Kubernetes client, testcontainers, gRPC).
import { registerHooks } from "node:module";

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    loaded.add(result.url);
    return result;
  },
});

const { runCli } = await import("../src/cli/run-cli.ts");
const exitCode = await runCli(["check", "--format", "json", ...process.argv.slice(2)], {
  stdout: () => {},
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
const packages = new Set<string>();
for (const url of loaded) {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (match) packages.add(match[1]!);
}
process.stdout.write(
  `${JSON.stringify({ exitCode, modules: loaded.size, packages: [...packages].sort() })}\n`,
);
