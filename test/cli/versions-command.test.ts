import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { helmIndex, type IndexServer, startIndexServer } from "../charts/support/helm-index-server.ts";
import { tempDir } from "../charts/support/test-charts.ts";
import { fixtureWith } from "../support/temp-repo.ts";

let server: IndexServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RELEASES = ["1.17.9", "1.18.10", "1.18.11", "1.18.14", "1.19.4", "1.19.6", "1.20.0-pre.3", "1.20.2"];

async function versions(args: string[], env: Record<string, string> = {}) {
  const out = { stdout: "", stderr: "" };
  const exit = await runCli(["versions", ...args], {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    env: { CILIUM_CONFORMANCE_CACHE_DIR: tempDir(), ...env },
    cwd: process.cwd(),
  });
  return { exit, ...out };
}

function indexFile(releases: readonly string[] = RELEASES): string {
  const file = path.join(tempDir(), "index.yaml");
  writeFileSync(file, helmIndex({ cilium: releases }));
  return file;
}

describe("versions", () => {
  it("--format json: the pin of the seed repo, its newest patch, the newest of each later minor, as a matrix", async () => {
    const { exit, stdout, stderr } = await versions(["--index", indexFile(), "--format", "json"]);
    expect(stderr).toBe("");
    expect(exit).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.pinned).toEqual({ version: "1.18.11", at: "infra/controllers/cilium/helm-release.yaml:11" });
    expect(json.index).toMatchObject({ via: "file", readAs: "helm-layout", versions: RELEASES.length });
    expect(json.matrix).toEqual({
      include: [
        { "cilium-version": "1.18.11", roles: "pinned" },
        { "cilium-version": "1.18.14", roles: "newest-patch" },
        { "cilium-version": "1.19.6", roles: "newer-minor" },
        { "cilium-version": "1.20.2", roles: "newer-minor" },
      ],
    });
  });

  it("--format matrix: one line for $GITHUB_OUTPUT", async () => {
    const { exit, stdout } = await versions(["--index", indexFile(), "--format", "matrix"]);
    expect(exit).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(
      JSON.parse(stdout).include.map((entry: { "cilium-version": string }) => entry["cilium-version"]),
    ).toEqual(["1.18.11", "1.18.14", "1.19.6", "1.20.2"]);
  });

  it("by default reads the index of the HelmRelease's own HelmRepository, cached between runs", async () => {
    server = await startIndexServer(helmIndex({ cilium: RELEASES }));
    const repo = fixtureWith({
      "infra/controllers/cilium/helm-repository.yaml": `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: cilium
  namespace: flux-system
spec:
  interval: 24h
  url: ${server.url}
`,
    });
    const cache = tempDir();
    const first = await versions(["--repo", repo], { CILIUM_CONFORMANCE_CACHE_DIR: cache });
    expect(first.exit, first.stderr).toBe(0);
    expect(first.stdout).toContain(`cilium versions to try, from ${server.url}index.yaml (download):`);
    expect(first.stdout).toMatch(/1\.18\.11\s+pinned \(infra\/controllers\/cilium\/helm-release\.yaml:11\)/);
    expect(first.stdout).toMatch(/1\.20\.2\s+newest release of a later minor/);
    const second = await versions(["--repo", repo], { CILIUM_CONFORMANCE_CACHE_DIR: cache });
    expect(second.stdout).toContain("(cache-revalidated)");
    expect(server.requests).toHaveLength(2);
  });

  it("exits 2 for an --index file it cannot read, 3 for a repository it cannot reach without a copy", async () => {
    const missing = await versions(["--index", path.join(tempDir(), "nope.yaml")]);
    expect(missing.exit).toBe(2);
    expect(missing.stderr).toContain("cannot read the Helm index");
    server = await startIndexServer("");
    server.failWith(503);
    const down = await versions(["--index", server.url]);
    expect(down.exit).toBe(3);
    expect(down.stderr).toContain("HTTP 503");
  });
});
