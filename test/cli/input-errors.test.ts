// Friendly input errors: a mistyped command, option or choice gets the nearest name; a caller that
// asked for JSON gets the error as JSON on stdout too; every exit code says what kind of failure.

import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { fixtureWith } from "../support/temp-repo.ts";

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const exit = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { NO_COLOR: "1" },
    cwd: process.cwd(),
  });
  return { exit, stdout, stderr };
}

describe("did you mean", () => {
  it("suggests the command a typo meant", async () => {
    const { exit, stderr } = await cli(["chekc"]);
    expect(exit).toBe(2);
    expect(stderr).toContain('error[CC_USAGE]: unknown command "chekc". Did you mean "check"?');
  });

  it("suggests the option a typo meant, and the value for a choice", async () => {
    const option = await cli(["run", "--keep-on-failur"]);
    expect(option.exit).toBe(2);
    expect(option.stderr).toContain("Unknown option '--keep-on-failur'. Did you mean --keep-on-failure?");
    const choice = await cli(["check", "--format", "jsno"]);
    expect(choice.exit).toBe(2);
    expect(choice.stderr).toContain('(got "jsno"). Did you mean "json"?');
  });

  it("stays quiet when nothing is close", async () => {
    const { stderr } = await cli(["deploy"]);
    expect(stderr).toContain('unknown command "deploy".\n');
  });
});

describe("--format json on a failure", () => {
  it("check prints the error as JSON on stdout when it exits 2, with every problem of the config", async () => {
    const root = fixtureWith({ ".cilium-conformance.yaml": "lan:\n  gatway: 192.168.5.1\n  cidr: x\n" });
    const { exit, stdout, stderr } = await cli(["check", "--repo", root, "--format", "json"]);
    expect(exit).toBe(2);
    expect(stderr).toContain("error[CC_REPO_CONFIG_INVALID]: .cilium-conformance.yaml has 2 problems:");
    const error = (JSON.parse(stdout) as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({
      code: "CC_REPO_CONFIG_INVALID",
      exitCode: 2,
      file: ".cilium-conformance.yaml",
      line: 2,
    });
    expect(error.problems).toHaveLength(2);
  });

  it("also for a usage error found before the command ran", async () => {
    const { exit, stdout } = await cli(["check", "--format=json", "--bogus"]);
    expect(exit).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: "CC_USAGE", exitCode: 2 } });
  });
});

describe("--format github", () => {
  it("check annotates each finding at its file:line in the repository (--repo a folder inside it)", async () => {
    // The infra repo is the folder `homelab` of a git checkout: annotations name the repository's path.
    const checkout = mkdtempSync(join(tmpdir(), "cc-gh-checkout-"));
    mkdirSync(join(checkout, ".git"));
    const root = join(checkout, "homelab");
    cpSync(fixtureWith({}), root, { recursive: true });
    let stdout = "";
    const exit = await runCli(["check", "--repo", root, "--format", "github"], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => undefined,
      env: {},
      cwd: process.cwd(),
    });
    const repo = "homelab";
    expect(exit).toBe(1);
    expect(stdout).toMatch(
      new RegExp(
        `^::error file=${repo}/infra/configs/cilium/load-balancer-ip-pool\\.yaml,line=8,title=cilium-conformance%3A pool-includes-broadcast-address::CiliumLoadBalancerIPPool home-compute-pool`,
        "m",
      ),
    );
    expect(stdout).toMatch(
      /^::warning file=.*values\.yaml,line=31,title=cilium-conformance%3A removed-values-key::/m,
    );
    expect(stdout).toMatch(/^::notice file=.*,line=\d+,title=cilium-conformance%3A pool-ip-count::/m);
    expect(stdout).toMatch(
      new RegExp(
        `^::error file=${repo}/apps/pihole/dns-services\\.yaml,line=9,title=cilium-conformance%3A l2-shared-ip-leases::`,
        "m",
      ),
    );
    expect(stdout.trimEnd().split("\n").pop()).toMatch(/^2 errors, 1 warning, \d+ info in \d+ ms$/);
  });
});
