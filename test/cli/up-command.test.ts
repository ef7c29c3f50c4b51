import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { dockerBin, requireDocker, testDocker, uniqueSuffix } from "../support/docker.ts";
import { type FakeBinDir, makeFakeBinDir } from "../tools/fake-binaries.ts";

// `up` on a machine without kind and the cilium CLI (this one): it must stop at preflight,
// exit 3, say exactly what is missing and how to get it, and create nothing.

let root: string;
let fake: FakeBinDir;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "cc-up-cli-"));
  fake = await makeFakeBinDir();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await fake.cleanup();
});

async function up(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const runId = `t-${uniqueSuffix()}`;
  const code = await runCli(["up", ...args], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {
      PATH: "/usr/bin:/bin",
      CILIUM_CONFORMANCE_TOOLS_DIR: join(root, "empty-tools"),
      CILIUM_CONFORMANCE_REPORTS_DIR: join(root, "reports"),
      CILIUM_CONFORMANCE_RUN_ID: runId,
      CILIUM_CONFORMANCE_DOCKER_BIN: dockerBin,
      ...env,
    },
    cwd: root,
  });
  return { code, stdout: out.join(""), stderr: err.join(""), runId };
}

describe("up without kind and the cilium CLI", () => {
  it("stops at preflight with exit 3, naming each missing tool and the install script", async () => {
    requireDocker();
    const { code, stderr, runId } = await up([], {});
    expect(code).toBe(3);
    expect(stderr).toContain("preflight: this machine cannot stand up the cluster");
    expect(stderr).toMatch(/kind was not found \(looked in: .*empty-tools\/kind, PATH \(kind\)\)/);
    expect(stderr).toContain("the cilium CLI was not found");
    expect(stderr).toContain(
      "fix: run `scripts/install-tools.sh` (installs kind v0.31.0 into .tools/bin, checksum-verified)",
    );
    expect(stderr).toContain(
      "fix: run `scripts/install-tools.sh` (installs cilium v0.19.7 into .tools/bin, checksum-verified)",
    );
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace

    // A report with the provisioning case, and nothing created on the engine.
    const junit = await readFile(join(root, "reports", runId, "junit.xml"), "utf8");
    expect(junit).toContain('<testcase name="Infrastructure/Provisioning"');
    expect(junit).toContain("kind was not found");
    const docker = testDocker();
    expect(await docker.networkInspect(`cc-lan-${runId}`)).toBeUndefined();
  });

  it("says how to start Docker when the engine does not answer, together with the other misses", async () => {
    const deadDocker = await fake.add(
      "docker",
      "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1",
    );
    const { code, stderr } = await up([], { CILIUM_CONFORMANCE_DOCKER_BIN: deadDocker });
    expect(code).toBe(3);
    expect(stderr).toContain("the Docker engine does not answer (Cannot connect to the Docker daemon");
    expect(stderr).toContain("sudo systemctl start docker");
    expect(stderr).toContain("kind was not found");
  });

  it("finds tools in the project tools folder and reports an old version there", async () => {
    await fake.add("kind", "echo 'kind v0.20.0 go1.20 linux/amd64'");
    await fake.add("cilium", "echo 'cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64'");
    const { code, stderr } = await up([], { CILIUM_CONFORMANCE_TOOLS_DIR: fake.dir });
    expect(code).toBe(3);
    expect(stderr).toContain(`kind at ${fake.dir}/kind is v0.20.0, older than v0.31.0`);
    expect(stderr).not.toContain("the cilium CLI");
  });

  it("rejects bad input before looking at the machine (exit 2)", async () => {
    const missingRepo = await up(["--repo", join(root, "no-such-repo")], {});
    expect(missingRepo.code).toBe(2);
    expect(missingRepo.stderr).not.toContain("preflight");
    const badNodes = await up(["--nodes", "many"], {});
    expect(badNodes.code).toBe(2);
    expect(badNodes.stderr).toContain("--nodes must be a whole number");
  });

  it("refuses a repo the Cilium version cannot install with exit 1, before looking at the machine", async () => {
    const blocked = await up(["--cilium-version", "1.16.19"], {});
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(
      "error[CC_CONFORMANCE_FAILED]: the repo cannot be installed as it is on Cilium 1.16.19",
    );
    expect(blocked.stderr).toContain("infra/configs/cilium/load-balancer-ip-pool.yaml:1 pool-api-version");
    expect(blocked.stderr).not.toContain("preflight");
  });

  it("documents itself", async () => {
    const { code, stdout } = await up(["--help"], {});
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: cilium-conformance up [options]");
    expect(stdout).toContain("--keep");
    expect(stdout).toContain("Infrastructure/Provisioning");
  });
});
