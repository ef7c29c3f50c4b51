// The fake `cilium` CLI (cilium-cli v0.19.7 as the rehearsal double): `node rehearsal/cilium-cli/main.ts …`.
// The rehearsal puts a `cilium` shim running this first on PATH.

import { runCli } from "./run-cli.ts";

const faults = new Set(
  (process.env.CC_REHEARSAL_FAULTS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean),
);

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    }),
  hasFault: (name) => faults.has(name),
});
process.exitCode = code;
