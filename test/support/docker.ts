// Docker for the tests that need the real engine: the guard that fails (never skips) when it does
// not answer, a DockerCli, the offline image check, and networks on a unique /24 inside
// 10.213.0.0/16 (random third octet), retried on "Pool overlaps" because other test files create
// networks at the same time, and checked before any packet is sent into them: the subnet is the
// one asked for, and the runner routes it into that network's bridge and nowhere else.

import { execFileSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { CommandFailedError } from "../../src/errors.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import { DockerCli, type DockerNetworkSpec, isPoolOverlap } from "../../src/tools/docker.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";
import {
  competingRoutes,
  formatRoute,
  type HostRoute,
  parseProcNetRoute,
  parseSubnet,
  routedOnlyVia,
} from "./host-routes.ts";

export const dockerBin = process.env.CILIUM_CONFORMANCE_DOCKER_BIN ?? "docker";

/** Fails (never skips) with a clear message when the engine does not answer. */
export function requireDocker(): void {
  try {
    execFileSync(dockerBin, ["info", "--format", "{{.ServerVersion}}"], { stdio: "pipe", timeout: 20_000 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(
      `these tests need a running Docker engine (\`${dockerBin} info\` failed: ${detail}); run scripts/ensure-docker.sh or set CILIUM_CONFORMANCE_DOCKER_BIN`,
    );
  }
}

/** Fails with the fix when the offline LAN client image has not been built. */
export function requireOfflineImage(): void {
  let labels: string;
  try {
    labels = execFileSync(
      dockerBin,
      ["image", "inspect", "--format", "{{json .Config.Labels}}", OFFLINE_LAN_CLIENT_IMAGE],
      { stdio: "pipe", encoding: "utf8" },
    );
  } catch {
    throw new Error(
      `the image ${OFFLINE_LAN_CLIENT_IMAGE} is missing: run scripts/build-offline-images.sh first`,
    );
  }
  // Docker copies image labels onto containers: a harness label on the image would make every
  // container a user starts from it look like the harness's (and `down --all` remove it).
  if (labels.includes("io.cilium-conformance/managed") || labels.includes("io.cilium-conformance/run-id")) {
    throw new Error(
      `the image ${OFFLINE_LAN_CLIENT_IMAGE} carries a harness label (${labels.trim()}): rebuild it with scripts/build-offline-images.sh`,
    );
  }
}

/** The project's DockerCli on the test's docker binary, with a transcript of its own. */
export function testDocker(): DockerCli {
  return new DockerCli(createCommandRunner({ transcript: new Transcript(), env: process.env }), dockerBin);
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** The runner's routes; tests that create networks need a Linux runner that shares the engine's host. */
export function readHostRoutes(path = "/proc/net/route"): HostRoute[] {
  try {
    return parseProcNetRoute(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(
      `cannot read the runner's routes from ${path} (${error instanceof Error ? error.message : String(error)}): the network rule cannot be checked`,
    );
  }
}

/**
 * Creates a network with a fresh 10.213.N.0/24 (gateway .1, ip-range .8/29; `prefix` picks
 * another /16), retrying on overlap with other docker networks and never taking a /24 the runner
 * already routes (a real LAN or VPN).
 */
export async function createTestNetwork(
  docker: DockerCli,
  name: string,
  labels: Record<string, string>,
  routes: () => HostRoute[] = readHostRoutes,
  prefix = "10.213",
): Promise<DockerNetworkSpec> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const octet = randomInt(1, 255);
    const spec: DockerNetworkSpec = {
      name,
      subnet: `${prefix}.${octet}.0/24`,
      gateway: `${prefix}.${octet}.1`,
      ipRange: `${prefix}.${octet}.8/29`,
      labels,
    };
    const subnet = parseSubnet(spec.subnet)!;
    if (competingRoutes(routes(), subnet).length > 0) continue;
    try {
      await docker.networkCreate(spec);
    } catch (error) {
      if (error instanceof CommandFailedError && isPoolOverlap(error.failure.stderrTail)) continue;
      throw error;
    }
    // Only send packets into a network we made and checked: the subnet must be the one asked for,
    // and the runner must route it into this network's bridge only.
    const created = await docker.networkInspect(name);
    if (created?.subnet !== spec.subnet) {
      removeNetworkQuietly(name);
      throw new Error(`test network ${name} has subnet ${created?.subnet}, not ${spec.subnet}`);
    }
    const bridge = `br-${created.id.slice(0, 12)}`;
    const now = routes();
    if (!routedOnlyVia(now, subnet, bridge)) {
      removeNetworkQuietly(name);
      const seen = competingRoutes(now, subnet).map(formatRoute).join(", ") || "none";
      throw new Error(
        `test network ${name} (${spec.subnet}) is not routed by the runner into its bridge ${bridge} alone (routes for it: ${seen}); is the Docker engine on another host?`,
      );
    }
    return spec;
  }
  throw new Error(
    "no free 10.213.x.0/24 subnet (not used by docker, not routed by the host) after 20 attempts",
  );
}

export interface LanTestNetwork {
  name: string;
  subnet: string;
  /** The address `host` in the network's /24. */
  ip(host: number): string;
}

/**
 * The setup of a file that probes from a LAN client: the engine and the offline image must be
 * there (or the file fails with the fix), then a network from createTestNetwork, checked.
 */
export async function createLanTestNetwork(
  docker: DockerCli,
  name: string,
  labels: Record<string, string>,
): Promise<LanTestNetwork> {
  requireDocker();
  requireOfflineImage();
  const { subnet } = await createTestNetwork(docker, name, labels);
  const prefix = subnet.split(".").slice(0, 3).join(".");
  return { name, subnet, ip: (host) => `${prefix}.${host}` };
}

/** Best-effort removal for afterEach/afterAll. */
export function removeNetworkQuietly(name: string): void {
  try {
    execFileSync(dockerBin, ["network", "rm", name], { stdio: "pipe" });
  } catch {
    // Already gone.
  }
}

export function removeContainerQuietly(name: string): void {
  try {
    execFileSync(dockerBin, ["rm", "--force", name], { stdio: "pipe" });
  } catch {
    // Already gone.
  }
}
