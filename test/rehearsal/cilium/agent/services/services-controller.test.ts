import { describe, expect, it } from "vitest";
import type { ClusterState } from "../../../../../rehearsal/cilium/agent/cluster-state.ts";
import type { ArpResponder } from "../../../../../rehearsal/cilium/agent/l2/arp-responder.ts";
import type { ServiceProxy } from "../../../../../rehearsal/cilium/agent/services/service-proxy.ts";
import { ServicesController } from "../../../../../rehearsal/cilium/agent/services/services-controller.ts";

// A node's lo as `ip` keeps it: adding an address twice fails as the kernel does.
function fakeLo() {
  const addresses = new Set<string>();
  const log: string[] = [];
  const run = async (command: string, args: readonly string[]): Promise<string> => {
    log.push(`${command} ${args.join(" ")}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (args.includes("show")) {
      return JSON.stringify([
        { addr_info: [...addresses].map((local) => ({ local, prefixlen: 32, label: "lo:cilium_svc" })) },
      ]);
    }
    const ip = String(args[2]).replace("/32", "");
    if (args[1] === "add") {
      if (addresses.has(ip)) throw new Error("Error: ipv4: Address already assigned.");
      addresses.add(ip);
    }
    if (args[1] === "del") addresses.delete(ip);
    return "";
  };
  return { addresses, log, run };
}

const dns = {
  metadata: { name: "kube-dns", namespace: "kube-system" },
  spec: { type: "ClusterIP", clusterIP: "10.96.0.10", ports: [{ name: "dns", port: 53, protocol: "UDP" }] },
};

function controller(
  run: ReturnType<typeof fakeLo>["run"],
  responder = { setFrontends: async () => undefined } as unknown as ArpResponder,
  services: () => unknown[] = () => [dns],
) {
  const state = {
    list: (kind: string) => (kind === "services" ? services() : []),
  } as unknown as ClusterState;
  const proxy = { apply: async () => undefined, frontends: () => [] } as unknown as ServiceProxy;
  return new ServicesController({
    state,
    proxy,
    responder,
    run,
    nodeName: "worker",
    nodePortAddresses: () => ["192.168.5.10"],
    nodePortRange: { min: 30000, max: 32767 },
    serveNodePorts: () => true,
    log: { warn: () => undefined } as never,
  });
}

describe("ServicesController.sync", () => {
  it("runs one sync at a time: a start-up sync and a change-driven one never add the same address twice", async () => {
    const lo = fakeLo();
    const services = controller(lo.run);
    await Promise.all([services.sync(), services.sync(), services.sync()]);
    expect([...lo.addresses]).toEqual(["10.96.0.10"]);
    expect(lo.log.filter((line) => line.startsWith("ip addr add"))).toHaveLength(1);
  });

  it("mutes a frontend address for ARP before it becomes local and until it is gone: no moment where the kernel answers", async () => {
    const lo = fakeLo();
    let muted = new Set<string>();
    const unmutedWhileLocal: string[] = [];
    const check = () => {
      for (const ip of lo.addresses) if (!muted.has(ip)) unmutedWhileLocal.push(ip);
    };
    const responder = {
      setFrontends: async (ips: readonly string[]) => {
        muted = new Set(ips);
        check();
      },
    } as unknown as ArpResponder;
    const lb = {
      metadata: { name: "echo", namespace: "cc-l2" },
      spec: { type: "LoadBalancer", clusterIP: "10.96.0.20", ports: [{ port: 80, protocol: "TCP" }] },
      status: { loadBalancer: { ingress: [{ ip: "192.168.5.30" }] } },
    };
    let services: unknown[] = [dns];
    const run = async (command: string, args: readonly string[]) => {
      const out = await lo.run(command, args);
      check();
      return out;
    };
    const node = controller(run, responder, () => services);
    await node.sync();
    services = [dns, lb];
    await node.sync();
    expect([...lo.addresses].sort()).toEqual(["10.96.0.10", "10.96.0.20", "192.168.5.30"]);
    services = [dns];
    await node.sync();
    expect([...lo.addresses]).toEqual(["10.96.0.10"]);
    expect(muted).toEqual(new Set(["10.96.0.10"]));
    expect(unmutedWhileLocal).toEqual([]);
  });
});
