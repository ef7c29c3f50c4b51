import { describe, expect, it } from "vitest";
import { DockerCli } from "../../src/tools/docker.ts";
import type { CommandRunner } from "../../src/tools/run-command.ts";
import {
  createTestNetwork,
  dockerBin,
  readHostRoutes,
  removeNetworkQuietly,
  requireDocker,
  testDocker,
  uniqueSuffix,
} from "./docker.ts";
import {
  competingRoutes,
  formatRoute,
  type HostRoute,
  parseProcNetRoute,
  parseSubnet,
  routedOnlyVia,
} from "./host-routes.ts";

// A runner on a real 10.213.7.0/24 LAN (eth1), with a default route and a wide VPN route: the
// shape /proc/net/route prints on a little-endian host (addresses byte-reversed).
const procNetRoute = [
  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
  "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
  "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
  "eth1\t0007D50A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
  "tun0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0",
  "",
].join("\n");

describe("host routes", () => {
  it("reads /proc/net/route in host byte order", () => {
    const routes = parseProcNetRoute(procNetRoute, true);
    expect(routes.map(formatRoute)).toEqual([
      "0.0.0.0/0 dev eth0",
      "192.0.2.0/24 dev eth0",
      "10.213.7.0/24 dev eth1",
      "10.0.0.0/8 dev tun0",
    ]);
    const bigEndian = parseProcNetRoute(
      "Iface\tDestination\tGateway\nbr0\t0AD50900\t0\t0\t0\t0\t0\tFFFFFF80",
      false,
    );
    expect(bigEndian.map(formatRoute)).toEqual(["10.213.9.0/25 dev br0"]);
  });

  it("a /24 the runner routes to a real interface competes; wider routes do not", () => {
    const routes = parseProcNetRoute(procNetRoute, true);
    expect(competingRoutes(routes, parseSubnet("10.213.7.0/24")!).map(formatRoute)).toEqual([
      "10.213.7.0/24 dev eth1",
    ]);
    expect(competingRoutes(routes, parseSubnet("10.213.8.0/24")!)).toEqual([]);
    const narrower: HostRoute = {
      iface: "wg0",
      network: parseSubnet("10.213.8.128/25")!.network,
      prefix: 25,
    };
    expect(competingRoutes([...routes, narrower], parseSubnet("10.213.8.0/24")!)).toEqual([narrower]);
  });

  it("a network is usable only when its bridge holds the subnet's only competing route", () => {
    const subnet = parseSubnet("10.213.8.0/24")!;
    const bridge: HostRoute = { iface: "br-0123456789ab", network: subnet.network, prefix: 24 };
    const routes = parseProcNetRoute(procNetRoute, true);
    expect(routedOnlyVia([...routes, bridge], subnet, bridge.iface)).toBe(true);
    expect(routedOnlyVia(routes, subnet, bridge.iface)).toBe(false);
    const lan: HostRoute = { ...bridge, iface: "eth1" };
    expect(routedOnlyVia([...routes, lan, bridge], subnet, bridge.iface)).toBe(false);
  });
});

describe("createTestNetwork and the runner's routes", () => {
  it("never asks Docker for a /24 the runner already routes", async () => {
    const everyCandidate: HostRoute[] = Array.from({ length: 256 }, (_, octet) => ({
      iface: "eth1",
      network: parseSubnet(`10.213.${octet}.0/24`)!.network,
      prefix: 24,
    }));
    const refusing: CommandRunner = {
      run: async () => {
        throw new Error("docker must not be called for a subnet the host routes");
      },
    } as unknown as CommandRunner;
    await expect(
      createTestNetwork(new DockerCli(refusing, dockerBin), `cc-test-routes-${uniqueSuffix()}`, {}, () => [
        ...readHostRoutes(),
        ...everyCandidate,
      ]),
    ).rejects.toThrow(/no free 10\.213\.x\.0\/24 subnet \(not used by docker, not routed by the host\)/);
  });

  it("removes the network and fails when the runner does not route it into the new bridge", async () => {
    requireDocker();
    const docker = testDocker();
    const name = `cc-test-routes-${uniqueSuffix()}`;
    let calls = 0;
    // Before creation: the real routes. After: the bridge's route shows up on another device.
    const routes = () => {
      calls += 1;
      const real = readHostRoutes();
      return calls === 1
        ? real
        : real.map((route) => (route.iface.startsWith("br-") ? { ...route, iface: "eth9" } : route));
    };
    try {
      await expect(createTestNetwork(docker, name, {}, routes)).rejects.toThrow(
        /is not routed by the runner into its bridge br-[0-9a-f]{12} alone \(routes for it: 10\.213\.\d+\.0\/24 dev eth9\)/,
      );
      expect(await docker.networkInspect(name)).toBeUndefined();
    } finally {
      removeNetworkQuietly(name);
    }
  });

  it("accepts a network whose bridge routes its subnet", async () => {
    requireDocker();
    const docker = testDocker();
    const name = `cc-test-routes-${uniqueSuffix()}`;
    try {
      const spec = await createTestNetwork(docker, name, {});
      const created = await docker.networkInspect(name);
      const subnet = parseSubnet(spec.subnet)!;
      expect(routedOnlyVia(readHostRoutes(), subnet, `br-${created!.id.slice(0, 12)}`)).toBe(true);
    } finally {
      removeNetworkQuietly(name);
    }
  });
});
