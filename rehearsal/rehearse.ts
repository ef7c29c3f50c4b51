// The logic behind scripts/rehearse.sh (rehearsal/README.md "Processes"): builds the node image,
// puts shims for the fake `kind` and `cilium` first on PATH and in CILIUM_CONFORMANCE_KIND_BIN /
// CILIUM_CONFORMANCE_CILIUM_BIN, writes the Gateway API CRDs for the plan's version, runs the real
// `node src/cli/main.ts run` with the product options this host needs (--gateway-api-crds, and
// --allow-cgroup-v1 on a cgroup v1 host), passes the faults on in CC_REHEARSAL_FAULTS, prints
// reports/<run-id> as the last line and exits with run's exit code. Docker objects of the run are
// removed afterwards unless --keep (run's own `down` normally leaves nothing).

import { spawn } from "node:child_process";
import { statfsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FAULTS } from "./faults/catalogue.ts";
import { FAULTS_ENV } from "./faults/faults.ts";
import { writeRunRecord } from "./faults/run-record.ts";
import { gatewayApiCrdsYaml } from "./gateway-api-crds.ts";
import { ensureNodeImage } from "./images/build-node-image.ts";
import { docker, dockerBinary } from "./kind/docker-commands.ts";
import { NODE_IMAGE_ENV } from "./kind/node-image.ts";
import { parseRehearseArgs, RehearseUsageError, USAGE } from "./rehearse-args.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CGROUP2_MAGIC = 0x63677270;

function log(line: string): void {
  process.stderr.write(`rehearse: ${line}\n`);
}

function runNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  capture = false,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    });
    const out: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolvePromise({ code: code ?? (signal ? 130 : 1), stdout: Buffer.concat(out).toString("utf8") }),
    );
  });
}

function runId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, "0")}`;
}

function isCgroupV2(): boolean {
  try {
    return statfsSync("/sys/fs/cgroup").type === CGROUP2_MAGIC;
  } catch {
    return false;
  }
}

async function writeShims(dir: string): Promise<{ kind: string; cilium: string }> {
  await mkdir(dir, { recursive: true });
  const shim = async (name: string, program: string) => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, program)}" "$@"\n`);
    await chmod(path, 0o755);
    return path;
  };
  return {
    kind: await shim("kind", "rehearsal/kind/main.ts"),
    cilium: await shim("cilium", "rehearsal/cilium-cli/main.ts"),
  };
}

/** Containers and networks of this run that outlived it (a crash, an interrupted `down`). */
async function leftovers(id: string): Promise<{ containers: string[]; networks: string[] }> {
  const names = (out: string) =>
    out
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  const containers = names(
    await docker([
      "ps",
      "-a",
      "--filter",
      `label=io.x-k8s.kind.cluster=cc-${id}`,
      "--format",
      "{{.Names}}",
    ]).catch(() => ""),
  );
  const networks = names(
    await docker([
      "network",
      "ls",
      "--filter",
      `label=io.cilium-conformance/run-id=${id}`,
      "--format",
      "{{.Name}}",
    ]).catch(() => ""),
  );
  return { containers, networks };
}

async function removeLeftovers(id: string): Promise<void> {
  const left = await leftovers(id);
  if (left.containers.length > 0) await docker(["rm", "-f", "-v", ...left.containers]).catch(() => undefined);
  for (const network of left.networks) await docker(["network", "rm", network]).catch(() => undefined);
  if (left.containers.length + left.networks.length > 0) {
    log(`removed what the run left behind: ${[...left.containers, ...left.networks].join(", ")}`);
  }
}

async function rehearse(argv: readonly string[]): Promise<number> {
  const args = parseRehearseArgs(argv);
  if (args.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.kind === "list-faults") {
    if (args.format === "json") {
      process.stdout.write(
        `${JSON.stringify(
          FAULTS.map(({ name, suite, case: testCase, class: failure }) => ({
            name,
            suite,
            case: testCase,
            class: failure,
          })),
          null,
          2,
        )}\n`,
      );
    } else {
      for (const fault of FAULTS)
        process.stdout.write(
          `${fault.name.padEnd(36)} ${fault.suite.padEnd(24)} ${fault.class.padEnd(14)} ${fault.case}\n`,
        );
    }
    return 0;
  }
  const started = performance.now();
  const id = runId(new Date());
  const image = await ensureNodeImage({ docker: dockerBinary(), log });
  log(`node image ${image.image} (${image.built ? "built" : "up to date"}, ${image.elapsedMs} ms)`);
  const work = await mkdtemp(join(tmpdir(), "cc-rehearsal-"));
  try {
    const shims = await writeShims(join(work, "bin"));
    const repoArgs = args.repo ? ["--repo", resolve(args.repo)] : [];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${join(work, "bin")}:${process.env.PATH ?? ""}`,
      CILIUM_CONFORMANCE_KIND_BIN: shims.kind,
      CILIUM_CONFORMANCE_CILIUM_BIN: shims.cilium,
      CILIUM_CONFORMANCE_RUN_ID: id,
      // The fake CLIs and the harness are Node processes started many times: compile once.
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE || join(ROOT, ".cache", "node-compile-cache"),
      CILIUM_CONFORMANCE_LAN_CLIENT_IMAGE:
        process.env.CILIUM_CONFORMANCE_LAN_CLIENT_IMAGE || "cilium-conformance/lan-client:offline",
      [NODE_IMAGE_ENV]: image.image,
      ...(args.faults.length > 0 ? { [FAULTS_ENV]: args.faults.join(",") } : {}),
    };
    if (args.faults.length === 0) delete env[FAULTS_ENV];
    const planned = await runNode(["src/cli/main.ts", "plan", ...repoArgs, "--format", "json"], env, true);
    if (planned.code !== 0) return planned.code;
    const plan = JSON.parse(planned.stdout) as {
      gatewayApi: { version: string; channel: string; crdNames: string[] };
    };
    const crds = join(work, "gateway-api-crds.yaml");
    await writeFile(crds, gatewayApiCrdsYaml(plan.gatewayApi));
    const hostOptions = isCgroupV2() ? [] : ["--allow-cgroup-v1"];
    log(
      `run ${id}${args.faults.length ? ` with fault(s) ${args.faults.join(", ")}` : ""}${hostOptions.length ? " (cgroup v1 host: --allow-cgroup-v1)" : ""}`,
    );
    const run = await runNode(
      [
        "src/cli/main.ts",
        "run",
        ...repoArgs,
        ...(args.keep ? ["--keep"] : []),
        ...hostOptions,
        // No internet here, and the rehearsal sends no packet outside its own docker networks:
        // the connectivity test's internet tests are skipped as a user without egress would.
        "--offline",
        "--gateway-api-crds",
        crds,
      ],
      env,
    );
    // What run's own `down` left is recorded before it is swept: the fault catalogue's judge
    // (faults/judge-fault-run.ts) requires it to be nothing.
    const left = args.keep ? undefined : await leftovers(id);
    if (!args.keep) await removeLeftovers(id);
    const elapsedMs = Math.round(performance.now() - started);
    await writeRunRecord(join(ROOT, "reports", id), {
      faults: args.faults,
      exitCode: run.code,
      elapsedMs,
      ...(left ? { leftovers: [...left.containers, ...left.networks] } : {}),
    });
    log(`run exited ${run.code} after ${(elapsedMs / 1000).toFixed(1)} s`);
    process.stdout.write(`${join("reports", id)}\n`);
    return run.code;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await rehearse(process.argv.slice(2));
} catch (error) {
  if (error instanceof RehearseUsageError) {
    process.stderr.write(`rehearse: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`rehearse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  }
}
