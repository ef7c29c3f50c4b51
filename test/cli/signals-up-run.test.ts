// SIGINT/SIGTERM to a real `cilium-conformance up` / `run` child process while `kind create cluster`
// is running. kind and the cilium CLI are fakes (the fake kind starts a node container the way kind
// does, then hangs: provisioning is in flight), Docker is real. After the signal: exit 130/143, the
// node container, the LAN network and every fake process gone, and the report says why.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import {
  createTestNetwork,
  dockerBin,
  removeContainerQuietly,
  removeNetworkQuietly,
  requireDocker,
  requireOfflineImage,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { processesUnder, spawnCli, waitFor } from "../support/spawn-cli.ts";
import { fixtureWith } from "../support/temp-repo.ts";
import { type FakeBinDir, makeFakeBinDir } from "../tools/fake-binaries.ts";

const suffix = uniqueSuffix();
let fake: FakeBinDir;
let reports: string;

/**
 * A 10.214.N.0/24 that no docker network uses and the host does not route (other tests take
 * 10.213.N.0/24): claimed by creating a network on it, released just before the CLI creates its own.
 */
async function freeSubnet(tag: string): Promise<string> {
  const probe = `cc-test-sigsubnet-${tag}-${suffix}`;
  const spec = await createTestNetwork(
    testDocker(),
    probe,
    { purpose: "find a free subnet" },
    undefined,
    "10.214",
  );
  removeNetworkQuietly(probe);
  return spec.subnet.replace(/\.0\/24$/, "");
}

function repoOn(prefix: string): string {
  return fixtureWith({
    "infra/configs/cilium/load-balancer-ip-pool.yaml": `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: home-compute-pool
spec:
  blocks:
    - start: ${prefix}.30
      stop: ${prefix}.200
`,
    ".cilium-conformance.yaml": `lan:\n  cidr: ${prefix}.0/24\n  gateway: ${prefix}.1\n`,
  });
}

function dockerNames(kind: "ps" | "network", filter: string): string[] {
  const args =
    kind === "ps"
      ? ["ps", "--all", "--filter", filter, "--format", "{{.Names}}"]
      : ["network", "ls", "--filter", filter, "--format", "{{.Name}}"];
  return execFileSync(dockerBin, args, { encoding: "utf8" }).split("\n").filter(Boolean);
}

const fakeProcesses = () => processesUnder(fake.dir);

beforeAll(async () => {
  requireDocker();
  requireOfflineImage();
  reports = mkdtempSync(path.join(tmpdir(), "cc-sig-reports-"));
  fake = await makeFakeBinDir();
  await fake.add(
    "kind",
    `case "$1" in
  version) echo "kind v0.31.0 go1.24.5 linux/amd64" ;;
  create)
    name=""; while [ $# -gt 0 ]; do [ "$1" = "--name" ] && name="$2"; shift; done
    ${dockerBin} run --detach --name "$name-control-plane" --label "io.x-k8s.kind.cluster=$name" \\
      --network "$KIND_EXPERIMENTAL_DOCKER_NETWORK" ${OFFLINE_LAN_CLIENT_IMAGE} sleep 600 >/dev/null
    echo "Creating cluster \\"$name\\" ..." >&2
    sleep 600 ;;
  delete)
    name=""; while [ $# -gt 0 ]; do [ "$1" = "--name" ] && name="$2"; shift; done
    for c in $(${dockerBin} ps --all --quiet --filter "label=io.x-k8s.kind.cluster=$name"); do ${dockerBin} rm --force "$c" >/dev/null; done ;;
esac`,
  );
  await fake.add("cilium", `echo "cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64"`);
  // This host runs cgroup v1, which up's preflight refuses; the fake says what a CI runner says.
  await fake.add(
    "stat",
    `[ "$*" = "-fc %T /sys/fs/cgroup" ] && { echo cgroup2fs; exit 0; }; exec /usr/bin/stat "$@"`,
  );
}, 120_000);

afterAll(async () => {
  for (const name of dockerNames("ps", `label=io.x-k8s.kind.cluster`).filter((n) => n.includes(suffix)))
    removeContainerQuietly(name);
  for (const name of dockerNames("network", "label=io.cilium-conformance/managed=true").filter((n) =>
    n.includes(suffix),
  ))
    removeNetworkQuietly(name);
  await fake?.cleanup();
  rmSync(reports, { recursive: true, force: true });
});

describe.each([
  ["up", "SIGINT", 130],
  ["run", "SIGTERM", 143],
] as const)("%s interrupted by %s during kind create", (command, signal, code) => {
  it(`removes the node container and the LAN network, writes the report and exits ${code}`, {
    timeout: 180_000,
  }, async () => {
    const runId = `sig${command}-${suffix}`;
    const cluster = `cc-${runId}`;
    const repo = repoOn(await freeSubnet(command));
    const cli = spawnCli([command, "--repo", repo], {
      env: {
        PATH: `${fake.dir}:/usr/bin:/bin`,
        CILIUM_CONFORMANCE_TOOLS_DIR: fake.dir,
        // No CILIUM_CONFORMANCE_DOCKER_BIN: the tools would get its folder first on PATH (for kind),
        // ahead of the fake `stat`; docker comes from /usr/bin on this PATH.
        CILIUM_CONFORMANCE_DOCKER_BIN: undefined,
        CILIUM_CONFORMANCE_RUN_ID: runId,
        CILIUM_CONFORMANCE_REPORTS_DIR: reports,
      },
    });
    try {
      await waitFor(
        "the kind node container",
        90_000,
        () => dockerNames("ps", `label=io.x-k8s.kind.cluster=${cluster}`).length > 0,
        () => cli.output(),
        () => cli.ended(),
      );
      await waitFor(
        "kind create in flight",
        30_000,
        () => fakeProcesses().some((p) => p.includes("kind create")),
        () => cli.output(),
        () => cli.ended(),
      );
      expect(dockerNames("network", `name=cc-lan-${runId}`)).toEqual([`cc-lan-${runId}`]);
      cli.kill(signal);
      const exit = await cli.exited;
      expect(exit.code, cli.output()).toBe(code);
      expect(exit.stderr).toContain(`${signal} received: stopping`);
      expect(exit.stderr).not.toContain("internal error");
      expect(dockerNames("ps", `label=io.x-k8s.kind.cluster=${cluster}`)).toEqual([]);
      expect(dockerNames("network", `name=cc-lan-${runId}`)).toEqual([]);
      expect(fakeProcesses()).toEqual([]);
      const junit = readFileSync(path.join(reports, runId, "junit.xml"), "utf8");
      expect(junit).toContain(`interrupted by ${signal}`);
      expect(junit).toContain("Infrastructure/Provisioning");
      if (command === "run") {
        expect(readFileSync(path.join(reports, runId, "summary.md"), "utf8")).toContain(
          `interrupted by ${signal}`,
        );
      }
    } finally {
      cli.kill("SIGKILL");
    }
  });
});
