import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DownDocker, runDown } from "../../src/cluster/down.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import type { DockerCli } from "../../src/tools/docker.ts";
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

// `down --all` against the local Docker engine. Other test files create harness-labelled
// objects at the same time, so the listing is narrowed to this file's names (a real `down --all`
// would remove theirs too); the label filters, inspects and removals are docker's own.

const suffix = uniqueSuffix();
const names = {
  leftoverA: `cc-lan-down-a-${suffix}`,
  leftoverB: `cc-lan-down-b-${suffix}`,
  unlabelled: `user-net-down-${suffix}`,
  client: `cc-lan-client-down-${suffix}`,
  userClient: `user-client-down-${suffix}`,
  labelledImage: `cc-test-labelled-image:${suffix}`,
};
let docker: DockerCli;

function scopedToThisFile(real: DockerCli): DownDocker {
  const mine = (list: string[]) => list.filter((name) => name.endsWith(suffix));
  return {
    networkListByLabel: async (labels) => mine(await real.networkListByLabel(labels)),
    psByLabel: async (labels) => mine(await real.psByLabel(labels)),
    networkInspect: (name) => real.networkInspect(name),
    networkRemove: (name) => real.networkRemove(name),
    containerInspect: (name) => real.containerInspect(name),
    containerRemove: (name) => real.containerRemove(name),
    imageLabels: (image) => real.imageLabels(image),
  };
}

beforeAll(() => {
  requireDocker();
  docker = testDocker();
});
afterAll(() => {
  removeContainerQuietly(names.client);
  removeContainerQuietly(names.userClient);
  try {
    execFileSync(dockerBin, ["image", "rm", "--force", names.labelledImage], { stdio: "pipe" });
  } catch {
    // never built, or already gone
  }
  for (const name of [names.leftoverA, names.leftoverB, names.unlabelled]) removeNetworkQuietly(name);
});

describe("runDown --all against the local Docker engine", () => {
  it("removes labelled leftovers (a LAN client, then its network) and leaves an unlabelled network alone", async () => {
    const managed = (runId: string) => ({
      "io.cilium-conformance/managed": "true",
      "io.cilium-conformance/run-id": runId,
    });
    await createTestNetwork(docker, names.leftoverA, managed(`a-${suffix}`));
    await createTestNetwork(docker, names.leftoverB, managed(`b-${suffix}`));
    await createTestNetwork(docker, names.unlabelled, { purpose: "the user's own" });
    requireOfflineImage();
    execFileSync(dockerBin, [
      "run",
      "--detach",
      "--name",
      names.client,
      "--network",
      names.leftoverA,
      "--label",
      "io.cilium-conformance/managed=true",
      "--label",
      `io.cilium-conformance/run-id=a-${suffix}`,
      OFFLINE_LAN_CLIENT_IMAGE,
      "sleep",
      "300",
    ]);

    const logs: string[] = [];
    const result = await runDown(
      { selector: { all: true } },
      {
        docker: scopedToThisFile(docker),
        deleteCluster: async (name) => {
          throw new Error(`no cluster should be deleted here (asked for ${name})`);
        },
        log: (line) => logs.push(line),
      },
    );
    expect(result.removed).toEqual([
      `container ${names.client}`,
      `network ${names.leftoverA}`,
      `network ${names.leftoverB}`,
    ]);
    expect(await docker.containerInspect(names.client)).toBeUndefined();
    expect(await docker.networkInspect(names.leftoverA)).toBeUndefined();
    expect(await docker.networkInspect(names.leftoverB)).toBeUndefined();
    expect(await docker.networkInspect(names.unlabelled)).toMatchObject({
      labels: { purpose: "the user's own" },
    });
  });

  it("leaves alone a container a user started by hand from an image that carries the harness label", async () => {
    // The offline image used to carry io.cilium-conformance/managed=true, and docker copies image
    // labels onto every container made from it. Build such an image, start one container by hand
    // (image labels only) and one as the harness does (labels set at start, with a run id).
    requireOfflineImage();
    const net = `cc-lan-down-c-${suffix}`;
    await createTestNetwork(docker, net, {
      "io.cilium-conformance/managed": "true",
      "io.cilium-conformance/run-id": `c-${suffix}`,
    });
    execFileSync(
      dockerBin,
      [
        "build",
        "--quiet",
        "--tag",
        names.labelledImage,
        "--label",
        "io.cilium-conformance/managed=true",
        "-",
      ],
      {
        input: `FROM ${OFFLINE_LAN_CLIENT_IMAGE}\n`,
        env: { ...process.env, DOCKER_BUILDKIT: "0" },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    execFileSync(dockerBin, [
      "run",
      "--detach",
      "--name",
      names.userClient,
      names.labelledImage,
      "sleep",
      "300",
    ]);
    execFileSync(dockerBin, [
      "run",
      "--detach",
      "--name",
      names.client,
      "--network",
      net,
      "--label",
      "io.cilium-conformance/managed=true",
      "--label",
      `io.cilium-conformance/run-id=c-${suffix}`,
      names.labelledImage,
      "sleep",
      "300",
    ]);
    const userContainer = await docker.containerInspect(names.userClient);
    expect(userContainer?.labels["io.cilium-conformance/managed"]).toBe("true");

    const logs: string[] = [];
    const result = await runDown(
      { selector: { all: true } },
      {
        docker: scopedToThisFile(docker),
        deleteCluster: async (name) => {
          throw new Error(`no cluster should be deleted here (asked for ${name})`);
        },
        log: (line) => logs.push(line),
      },
    );
    expect(result.removed).toEqual([`container ${names.client}`, `network ${net}`]);
    expect(await docker.containerInspect(names.userClient)).toMatchObject({ status: "running" });
    expect(result.decision.leftAlone).toContainEqual({
      name: `container ${names.userClient}`,
      why: expect.stringMatching(
        /no io\.cilium-conformance\/run-id label.*its image carries the harness label/,
      ),
    });
    expect(logs.join("")).toContain(`left alone container ${names.userClient}`);
  });
});
