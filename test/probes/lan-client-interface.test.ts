import { describe, expect, it } from "vitest";
import { interfaceWithMac, parseInterfaceMacs } from "../../src/probes/lan-client-interface.ts";

describe("LAN client interface discovery", () => {
  const listing = "eth0 02:42:0a:d5:c9:04\nlo 00:00:00:00:00:00\ntunl0 \neth1 02:42:AC:11:00:02\n";

  it("parses the /sys/class/net listing, normalising MACs", () => {
    expect(parseInterfaceMacs(listing)).toEqual([
      { name: "eth0", mac: "02:42:0a:d5:c9:04" },
      { name: "lo", mac: "00:00:00:00:00:00" },
      { name: "tunl0", mac: undefined },
      { name: "eth1", mac: "02:42:ac:11:00:02" },
    ]);
  });

  it("picks the interface by the MAC docker reports, in any case", () => {
    const interfaces = parseInterfaceMacs(listing);
    expect(interfaceWithMac(interfaces, "02:42:AC:11:00:02")).toBe("eth1");
    expect(interfaceWithMac(interfaces, "02:42:0a:d5:c9:04")).toBe("eth0");
    expect(interfaceWithMac(interfaces, "02:42:0a:d5:c9:99")).toBeUndefined();
  });
});
