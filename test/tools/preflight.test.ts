import { describe, expect, it } from "vitest";
import { ExitCode, renderError } from "../../src/errors.ts";
import { toolPins } from "../../src/tools/pinned-tools.ts";
import { evaluatePreflight, PreflightError, type PreflightFacts } from "../../src/tools/preflight.ts";

function healthy(): PreflightFacts {
  return {
    platform: "linux",
    docker: {
      state: "ok",
      serverVersion: "27.5.1",
      operatingSystem: "Ubuntu 24.04.2 LTS",
      cgroupVersion: "2",
    },
    cgroupFs: "cgroup2fs",
    kind: { path: "/repo/.tools/bin/kind", searched: [], version: "v0.31.0" },
    cilium: { path: "/repo/.tools/bin/cilium", searched: [], version: "v0.19.7" },
  };
}

describe("evaluatePreflight", () => {
  it("finds nothing wrong on a Linux host with docker, cgroup v2 and the pinned tools", () => {
    expect(evaluatePreflight(healthy())).toEqual([]);
  });

  it("accepts newer tools than the pins", () => {
    const facts = healthy();
    facts.kind.version = "v0.33.0";
    facts.cilium.version = "v0.20.1";
    expect(evaluatePreflight(facts)).toEqual([]);
  });

  it("explains why macOS cannot work", () => {
    const misses = evaluatePreflight({ ...healthy(), platform: "darwin" });
    expect(misses).toHaveLength(1);
    expect(misses[0]?.code).toBe("CC_ENV_UNSUPPORTED_HOST");
    expect(misses[0]?.what).toMatch(/Docker Desktop.*LoadBalancer IPs.*unreachable/);
  });

  it("refuses Docker Desktop on Linux too", () => {
    const facts = healthy();
    facts.docker = {
      state: "ok",
      serverVersion: "27",
      operatingSystem: "Docker Desktop",
      cgroupVersion: "2",
    };
    expect(evaluatePreflight(facts)[0]?.what).toMatch(/Docker Desktop/);
  });

  it("gives the exact fix for each way Docker can be unreachable", () => {
    const fixes = (["binary-missing", "permission-denied", "daemon-down"] as const).map((state) => {
      const facts = healthy();
      facts.docker =
        state === "binary-missing" ? { state, searched: ["PATH (docker)"] } : { state, detail: "dial unix" };
      const [miss] = evaluatePreflight(facts);
      return miss?.fix ?? "";
    });
    expect(fixes[0]).toContain("sudo apt-get install docker.io");
    expect(fixes[1]).toContain('sudo usermod -aG docker "$USER"');
    expect(fixes[2]).toContain("sudo systemctl start docker");
  });

  it("requires cgroup v2", () => {
    const miss = evaluatePreflight({ ...healthy(), cgroupFs: "tmpfs" });
    expect(miss).toHaveLength(1);
    expect(miss[0]?.what).toContain("says tmpfs, expected cgroup2fs");
    expect(miss[0]?.fix).toContain("--allow-cgroup-v1");
  });

  it("accepts a cgroup v1 host only when told to (--allow-cgroup-v1), and nothing else with it", () => {
    expect(evaluatePreflight({ ...healthy(), cgroupFs: "tmpfs" }, toolPins, { allowCgroupV1: true })).toEqual(
      [],
    );
    const noDocker = {
      ...healthy(),
      cgroupFs: "tmpfs",
      docker: { state: "daemon-down" as const, detail: "no socket" },
    };
    expect(evaluatePreflight(noDocker, toolPins, { allowCgroupV1: true }).map((m) => m.code)).toEqual([
      "CC_ENV_DOCKER_UNREACHABLE",
    ]);
  });

  it("names the install script for missing, unreadable and old tools", () => {
    const facts = healthy();
    facts.kind = { path: undefined, searched: ["/repo/.tools/bin/kind", "PATH (kind)"], version: undefined };
    facts.cilium = { path: "/usr/bin/cilium", searched: [], version: "v0.18.2" };
    const misses = evaluatePreflight(facts);
    expect(misses.map((m) => m.code)).toEqual(["CC_ENV_TOOL_MISSING", "CC_ENV_TOOL_VERSION"]);
    expect(misses[0]?.what).toContain("looked in: /repo/.tools/bin/kind, PATH (kind)");
    expect(misses[0]?.fix).toBe(
      `run \`scripts/install-tools.sh\` (installs kind ${toolPins.kind.pinned} into .tools/bin, checksum-verified)`,
    );
    expect(misses[1]?.what).toContain(`v0.18.2, older than ${toolPins.cilium.minimum}`);
    const unreadable = healthy();
    unreadable.kind.version = undefined;
    unreadable.kind.versionOutput = "garbage";
    expect(evaluatePreflight(unreadable)[0]?.what).toContain("output: garbage");
  });

  it("quotes the line of a crashed version command that says why, not the crash's header", () => {
    // What a rehearsal printed when the cilium shim's program was missing (Node's crash header
    // first): the old 200-character cut ended inside the module path.
    const facts = healthy();
    facts.cilium.version = undefined;
    facts.cilium.versionOutput = [
      "`/tmp/cc/bin/cilium version --client` exited 1 after 445 ms:",
      "node:internal/modules/cjs/loader:1568",
      "  throw err;",
      "  ^",
      "",
      "Error: Cannot find module '/work/wt/i14-console/rehearsal/cilium-cli/main.ts'",
      "    at Function._resolveFilename (node:internal/modules/cjs/loader:1565:15)",
    ].join("\n");
    expect(evaluatePreflight(facts)[0]?.what).toBe(
      "could not read the version of the cilium CLI at /repo/.tools/bin/cilium (output: `/tmp/cc/bin/cilium version --client` exited 1 after 445 ms: Error: Cannot find module '/work/wt/i14-console/rehearsal/cilium-cli/main.ts')",
    );
  });

  it("collects every miss into one exit-3 error", () => {
    const facts: PreflightFacts = {
      platform: "linux",
      docker: { state: "daemon-down", detail: "Cannot connect to the Docker daemon" },
      cgroupFs: "tmpfs",
      kind: { path: undefined, searched: ["PATH (kind)"], version: undefined },
      cilium: { path: undefined, searched: ["PATH (cilium)"], version: undefined },
    };
    const misses = evaluatePreflight(facts);
    expect(misses).toHaveLength(4);
    const { text, exitCode } = renderError(new PreflightError(misses));
    expect(exitCode).toBe(ExitCode.environment);
    expect(text).toContain("4 problems");
    expect(text).toMatch(/1\. the Docker engine does not answer/);
    expect(text).toMatch(/4\. the cilium CLI was not found/);
  });
});
