import { describe, expect, it } from "vitest";
import {
  frontendsScript,
  responderScript,
  responderTableScript,
} from "../../../../../rehearsal/cilium/agent/l2/arp-responder-rules.ts";

describe("ARP responder nft scripts", () => {
  it("accepts requests for announced (IP . interface) pairs before dropping any other frontend", () => {
    const script = responderTableScript();
    const accept = script.indexOf("arp daddr ip . iifname @responder accept");
    const drop = script.indexOf("arp daddr ip @frontends drop");
    expect(accept).toBeGreaterThan(0);
    expect(drop).toBeGreaterThan(accept);
    expect(script).toContain("flags timeout");
  });

  it("re-arms every entry with the liveness timeout in one flush+add transaction", () => {
    expect(responderScript([{ ip: "192.168.5.30", device: "eth0" }], 15_000)).toBe(
      'flush set arp cilium_l2_responder responder\nadd element arp cilium_l2_responder responder { 192.168.5.30 . "eth0" timeout 15000ms }\n',
    );
    expect(responderScript([], 15_000)).toBe("flush set arp cilium_l2_responder responder\n");
    expect(responderScript([{ ip: "192.168.5.30", device: "eth0" }], undefined)).not.toContain("timeout");
  });

  it("replaces the frontend set", () => {
    expect(frontendsScript(["10.96.0.1", "192.168.5.30"])).toBe(
      "flush set arp cilium_l2_responder frontends\nadd element arp cilium_l2_responder frontends { 10.96.0.1, 192.168.5.30 }\n",
    );
  });
});
