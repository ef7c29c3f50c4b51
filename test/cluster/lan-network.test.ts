import { randomInt } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLanNetworkName, overlappingNetworks } from "../../src/cluster/lan-network.ts";
import { runFiles } from "../../src/cluster/report-paths.ts";
import { runUp } from "../../src/cluster/up.ts";
import { type ConformanceError, EnvironmentError, ProvisioningError } from "../../src/errors.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import { DockerCli, type DockerNetwork } from "../../src/tools/docker.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";
import { manualClock } from "../../src/wait/clock.ts";
import {
  createTestNetwork,
  dockerBin,
  removeNetworkQuietly,
  requireDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { homelabPlan, withLanOctet } from "./test-plan.ts";
import { commandFailure, fakeWorld } from "./up-fakes.ts";

// The LAN network part of `up`, for real against the local Docker engine: the plan's own
// `docker network create` argv, labels, inspect, the reuse refusal and the cleanup.

let docker: DockerCli;
let root: string;
const created: string[] = [];

beforeAll(async () => {
  requireDocker();
  const transcript = new Transcript();
  docker = new DockerCli(createCommandRunner({ transcript, env: process.env }), dockerBin);
  root = await mkdtemp(join(tmpdir(), "cc-lan-"));
});
afterAll(async () => {
  for (const name of created) removeNetworkQuietly(name);
  await rm(root, { recursive: true, force: true });
});

/** Runs up with real docker for the LAN and a kind that inspects the network, then fails. */
async function upUntilKind(plan: RunPlan) {
  const world = fakeWorld(plan);
  const transcript = new Transcript();
  const runner = createCommandRunner({ transcript, env: process.env });
  const realDocker = new DockerCli(runner, dockerBin);
  let seenByKind: DockerNetwork | undefined;
  const fakeExec = world.deps.exec;
  world.deps = {
    ...world.deps,
    transcript,
    clock: manualClock(),
    docker: {
      ...world.deps.docker,
      networkInspect: (n) => realDocker.networkInspect(n),
      networkListByLabel: (l) => realDocker.networkListByLabel(l),
    },
    async exec(tool, args, options) {
      if (tool === "docker") return runner.run(dockerBin, args, options);
      if (tool === "kind" && args[0] === "create") {
        seenByKind = await realDocker.networkInspect(plan.lan.networkName);
        throw commandFailure(
          `kind ${args.join(" ")}`,
          "ERROR: failed to create cluster: node image not found",
        );
      }
      return fakeExec(tool, args, options);
    },
  };
  const error = await runUp(
    { plan, files: runFiles(root, plan.runId), repoRoot: plan.repoRoot },
    world.deps,
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, seenByKind, transcript };
}

describe("the LAN network against the local Docker engine", () => {
  it("is created exactly as planned, seen by kind, and removed after a failed kind create", async () => {
    let outcome: Awaited<ReturnType<typeof upUntilKind>> | undefined;
    let plan: RunPlan | undefined;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      plan = withLanOctet(await homelabPlan(`t-${uniqueSuffix()}`), randomInt(1, 255));
      created.push(plan.lan.networkName);
      outcome = await upUntilKind(plan);
      const cause = (outcome.error as ProvisioningError | undefined)?.cause;
      if (!(cause instanceof EnvironmentError && cause.code === "CC_ENV_NETWORK_CONFLICT")) break;
    }
    if (!plan || !outcome) throw new Error("no attempt ran");

    expect(outcome.seenByKind).toMatchObject({
      name: plan.lan.networkName,
      driver: "bridge",
      subnet: plan.lan.subnet,
      gateway: plan.lan.gateway,
      ipRange: plan.lan.ipRange,
      labels: { "io.cilium-conformance/managed": "true", "io.cilium-conformance/run-id": plan.runId },
    });
    expect(outcome.error).toBeInstanceOf(ProvisioningError);
    expect((outcome.error as ProvisioningError).phase).toBe("kind-cluster");
    expect((outcome.error as ConformanceError).message).toContain("node image not found");
    // Cleanup followed the plan's downCommands: the network is gone for real.
    expect(await docker.networkInspect(plan.lan.networkName)).toBeUndefined();
    const commands = outcome.transcript.entries.map((entry) => entry.command);
    expect(commands).toContainEqual(
      expect.stringMatching(/^\S*docker network create --driver bridge --subnet 10\.213\.\d+\.0\/24 /),
    );
    expect(commands.at(-1)).toBe(`${dockerBin} network rm ${plan.lan.networkName}`);
    const junit = await readFile(runFiles(root, plan.runId).junit, "utf8");
    expect(junit).toContain("failed phase: kind-cluster");
  });

  it("reuses only a network labelled with this run, and names overlapping networks", async () => {
    const name = `cc-lan-t-${uniqueSuffix()}`;
    created.push(name);
    const runId = `t-${uniqueSuffix()}`;
    const spec = await createTestNetwork(docker, name, {
      "io.cilium-conformance/managed": "true",
      "io.cilium-conformance/run-id": runId,
    });
    const base = await homelabPlan(runId);
    const lan = {
      ...base.lan,
      networkName: name,
      subnet: spec.subnet,
      gateway: spec.gateway,
      ipRange: spec.ipRange,
    };

    expect(await checkLanNetworkName(lan, runId, docker)).toBe("reuse");
    const refused = await checkLanNetworkName(lan, "another-run", docker).catch((e: unknown) => e);
    expect((refused as EnvironmentError).code).toBe("CC_ENV_NETWORK_CONFLICT");
    expect((refused as EnvironmentError).message).toContain(`io.cilium-conformance/run-id=${runId}`);
    expect(await docker.networkInspect(name)).toBeDefined();

    const overlapping = await overlappingNetworks({ ...lan, networkName: "cc-lan-other" }, docker);
    expect(overlapping.map((n) => n.name)).toContain(name);
  });
});
