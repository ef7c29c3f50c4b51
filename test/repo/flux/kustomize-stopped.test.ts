// A kustomize build that does not finish is an environment failure (exit 3), not a repo defect:
// a real stand-in `kustomize` on PATH that never finishes the build of one path (it sleeps), run
// with a one-second budget, and one that is killed by a signal. Nothing here asserts a duration.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../../src/errors.ts";
import { KUSTOMIZE_ENV } from "../../../src/repo/flux/kustomize-binary.ts";
import {
  DEFAULT_KUSTOMIZE_TIMEOUT_MS,
  KUSTOMIZE_TIMEOUT_ENV,
  kustomizeTimeoutMs,
} from "../../../src/repo/flux/kustomize-stopped.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { spawnCli } from "../../support/spawn-cli.ts";
import { fixtureRoot, thrown } from "../../support/temp-repo.ts";

const bin = mkdtempSync(path.join(tmpdir(), "cc-slow-kustomize-"));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/**
 * A folder holding a `kustomize` that answers `version` and, on the build of a wrapper listing
 * `<slowPath>`, runs `<action>` as the build's own process (so the budget's signal reaches it);
 * every other build is the real one (`kubectl kustomize`).
 */
function standIn(name: string, slowPath: string, action: string): string {
  const folder = path.join(bin, name);
  mkdirSync(folder, { recursive: true });
  const script = path.join(folder, "kustomize");
  writeFileSync(
    script,
    [
      "#!/bin/sh",
      'if [ "$1" = version ]; then echo "v5.7.1 (stand-in)"; exit 0; fi',
      "for last; do :; done",
      `if grep -q '/${slowPath}$' "$last/kustomization.yaml"; then ${action}; fi`,
      "shift",
      'exec kubectl kustomize "$@"',
      "",
    ].join("\n"),
  );
  chmodSync(script, 0o755);
  return folder;
}

const envWith = (folder: string, timeout: string) => ({
  ...process.env,
  PATH: `${folder}${path.delimiter}${process.env.PATH ?? ""}`,
  [KUSTOMIZE_ENV]: "kustomize",
  [KUSTOMIZE_TIMEOUT_ENV]: timeout,
});

describe("a kustomize build that does not finish", () => {
  const sleeper = standIn("sleeps", "apps", "exec sleep 600");

  it("is stopped at its budget: CC_ENV_KUSTOMIZE_TIMEOUT, exit 3, naming the Kustomization, its path and the knob", () => {
    const error = thrown(() => loadInfraRepo(fixtureRoot, { env: envWith(sleeper, "1s") }));
    expect(error).toMatchObject({ code: "CC_ENV_KUSTOMIZE_TIMEOUT", exitCode: ExitCode.environment });
    expect(error.message).toContain("`kustomize build` of Kustomization flux-system/apps (path apps)");
    expect(error.message).toContain("was stopped after 1s");
    expect(error.message).toContain("not a repo defect");
    expect((error as { file?: string }).file).toBe("apps/kustomization.yaml");
    expect((error as { hint?: string }).hint).toContain(`${KUSTOMIZE_TIMEOUT_ENV}=2s`);
  });

  it("killed by a signal is CC_ENV_KUSTOMIZE_KILLED, exit 3, with the signal", () => {
    const killed = standIn("killed", "infra/configs", "kill -KILL $$");
    const error = thrown(() => loadInfraRepo(fixtureRoot, { env: envWith(killed, "120s") }));
    expect(error).toMatchObject({ code: "CC_ENV_KUSTOMIZE_KILLED", exitCode: ExitCode.environment });
    expect(error.message).toContain("Kustomization flux-system/infra-configs (path infra/configs)");
    expect(error.message).toContain("killed by SIGKILL");
  });

  it("ends `check` with exit 3 and the typed error, never a flux-build-fails finding", async () => {
    const cli = spawnCli(["check", "--repo", fixtureRoot, "--format", "json"], {
      env: envWith(sleeper, "1s"),
    });
    const { code, stdout, stderr } = await cli.exited;
    expect(code, cli.output()).toBe(3);
    expect(stderr).toContain("error[CC_ENV_KUSTOMIZE_TIMEOUT]");
    expect(stderr).toContain(`fix: give the build more time with ${KUSTOMIZE_TIMEOUT_ENV}=2s`);
    expect(stdout).not.toContain("flux-build-fails");
    expect(JSON.parse(stdout).error.code).toBe("CC_ENV_KUSTOMIZE_TIMEOUT");
  });
});

describe(`the build budget (${KUSTOMIZE_TIMEOUT_ENV})`, () => {
  it("defaults to 120 s and reads a Go duration or a number of seconds", () => {
    expect(kustomizeTimeoutMs({})).toBe(DEFAULT_KUSTOMIZE_TIMEOUT_MS);
    expect(DEFAULT_KUSTOMIZE_TIMEOUT_MS).toBe(120_000);
    expect(kustomizeTimeoutMs({ [KUSTOMIZE_TIMEOUT_ENV]: "5m" })).toBe(300_000);
    expect(kustomizeTimeoutMs({ [KUSTOMIZE_TIMEOUT_ENV]: "90" })).toBe(90_000);
    expect(kustomizeTimeoutMs({ [KUSTOMIZE_TIMEOUT_ENV]: "1.5" })).toBe(1_500);
  });

  it("refuses what is not a positive duration with exit 2, naming the variable", () => {
    for (const text of ["soon", "0", "-5s", "5 m"]) {
      const error = thrown(() => kustomizeTimeoutMs({ [KUSTOMIZE_TIMEOUT_ENV]: text }));
      expect(error).toMatchObject({ code: "CC_USAGE", exitCode: ExitCode.badInput });
      expect(error.message).toContain(KUSTOMIZE_TIMEOUT_ENV);
    }
  });
});
