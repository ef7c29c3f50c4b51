import { describe, expect, it } from "vitest";
import { syncNodeRoutes } from "../../../../../rehearsal/cilium/agent/datapath/node-routes.ts";
import { syncFrontendAddresses } from "../../../../../rehearsal/cilium/agent/services/frontend-addresses.ts";
import { recordingRunner } from "./recording-runner.ts";

describe("frontend addresses on lo", () => {
  it("adds missing frontends as /32 scope host with the agent's label, removes gone ones, leaves other addresses alone", async () => {
    const { run, calls } = recordingRunner({
      "ip -j -4 addr show dev lo": JSON.stringify([
        {
          addr_info: [
            { family: "inet", local: "127.0.0.1", prefixlen: 8, label: "lo" },
            { family: "inet", local: "10.96.0.1", prefixlen: 32, label: "lo:cilium_svc" },
            { family: "inet", local: "10.96.0.9", prefixlen: 32, label: "lo:cilium_svc" },
          ],
        },
      ]),
    });
    await syncFrontendAddresses(run, ["10.96.0.1", "192.168.5.30"]);
    expect(calls.slice(1)).toEqual([
      "ip addr del 10.96.0.9/32 dev lo",
      "ip addr add 192.168.5.30/32 dev lo scope host label lo:cilium_svc",
    ]);
  });
});

describe("routes to other nodes' pod CIDRs", () => {
  it("replaces what changed and deletes routes of nodes that left, by the agent's route protocol", async () => {
    const { run, calls } = recordingRunner({
      "ip -j route show proto 186": JSON.stringify([
        { dst: "10.244.2.0/24", gateway: "172.18.0.3" },
        { dst: "10.244.3.0/24", gateway: "172.18.0.4" },
      ]),
    });
    await syncNodeRoutes(run, [
      { cidr: "10.244.2.0/24", via: "172.18.0.3" },
      { cidr: "10.244.4.0/24", via: "172.18.0.5" },
    ]);
    expect(calls.slice(1)).toEqual([
      "ip route del 10.244.3.0/24 proto 186",
      "ip route replace 10.244.4.0/24 via 172.18.0.5 proto 186",
    ]);
  });
});
