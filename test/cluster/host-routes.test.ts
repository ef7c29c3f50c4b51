import { describe, expect, it } from "vitest";
import { hostRoutesIntoLan, parseProcNetRoute } from "../../src/cluster/host-routes.ts";
import { procNetRoute } from "./up-fakes.ts";

// Rows as this kernel prints them on amd64: destination and mask in little-endian hex.
const TABLE = procNetRoute([
  ["eth0", "00000000", "00000000"],
  ["br-851187874dcd", "00BFD50A", "00FFFFFF"],
  ["docker0", "000011AC", "0000FFFF"],
  ["eth0", "000200C0", "00FFFFFF"],
  ["wg0", "0000A8C0", "0000FFFF"],
  ["tun0", "0105A8C0", "FFFFFFFF"],
  ["odd0", "00000000", "FF00FFFF"],
]);

describe("host routes into the mirrored LAN", () => {
  it("reads /proc/net/route's little-endian destinations and masks, skipping non-contiguous masks", () => {
    expect(parseProcNetRoute(TABLE)).toEqual([
      { iface: "eth0", destination: "0.0.0.0/0" },
      { iface: "br-851187874dcd", destination: "10.213.191.0/24" },
      { iface: "docker0", destination: "172.17.0.0/16" },
      { iface: "eth0", destination: "192.0.2.0/24" },
      { iface: "wg0", destination: "192.168.0.0/16" },
      { iface: "tun0", destination: "192.168.5.1/32" },
    ]);
  });

  it("names every non-docker route that reaches into the LAN, wider or narrower, but not the default route", () => {
    const routes = parseProcNetRoute(TABLE);
    expect(hostRoutesIntoLan(routes, "192.168.5.0/24")).toEqual([
      { iface: "wg0", destination: "192.168.0.0/16" },
      { iface: "tun0", destination: "192.168.5.1/32" },
    ]);
    expect(hostRoutesIntoLan(routes, "10.213.191.0/24")).toEqual([]);
    expect(hostRoutesIntoLan(routes, "192.0.2.0/25")).toEqual([
      { iface: "eth0", destination: "192.0.2.0/24" },
    ]);
  });
});
