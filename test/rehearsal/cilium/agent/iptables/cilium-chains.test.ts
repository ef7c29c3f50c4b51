import { describe, expect, it } from "vitest";
import { ciliumRestoreScript } from "../../../../../rehearsal/cilium/agent/iptables/cilium-chains.ts";
import { installKubeProxyNftTable } from "../../../../../rehearsal/cilium/agent/iptables/install-chains.ts";
import {
  kubeProxyNftScript,
  kubeProxyRestoreScript,
} from "../../../../../rehearsal/cilium/agent/iptables/kube-proxy-chains.ts";
import {
  judgeNodeFilters,
  kubeProxyChains,
} from "../../../../../src/conformance/kube-proxy-replacement/kube-proxy-chains.ts";

describe("Cilium's iptables chains", () => {
  const script = ciliumRestoreScript({
    podCidr: "10.244.1.0/24",
    snatExclusionCidr: "10.244.0.0/16",
    masquerade: true,
  });

  it("declares the ten CILIUM_ chains in their tables and feeds each from its hook", () => {
    expect(script.match(/^:CILIUM_\S+ - \[0:0\]$/gm)).toHaveLength(10);
    expect(script).toContain(
      '-I FORWARD 1 -m comment --comment "cilium-feeder: CILIUM_FORWARD" -j CILIUM_FORWARD',
    );
    expect(script).toMatch(/\*nat\n:CILIUM_POST_nat[\s\S]*-I POSTROUTING 1 .*CILIUM_POST_nat[\s\S]*COMMIT/);
  });

  it("masquerades pod traffic leaving the cluster range, not cilium_ devices", () => {
    expect(script).toContain(
      '-A CILIUM_POST_nat ! -d 10.244.0.0/16 -s 10.244.1.0/24 ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE',
    );
    expect(
      ciliumRestoreScript({ podCidr: "10.244.1.0/24", snatExclusionCidr: undefined, masquerade: false }),
    ).not.toContain("MASQUERADE");
  });

  it("has nothing the harness counts as kube-proxy's, while the fault's chains are", () => {
    expect(kubeProxyChains(script)).toEqual([]);
    expect(kubeProxyChains(kubeProxyRestoreScript()).map((c) => `${c.table}/${c.chain}`)).toContain(
      "nat/KUBE-SERVICES",
    );
  });
});

describe("kube-proxy's nftables table (fault kpr-kube-proxy-nftables-table)", () => {
  it("is fed to nft -f -, and the table it makes is what the harness looks for in `nft list tables`", async () => {
    const calls: { command: string; args: readonly string[]; input?: string }[] = [];
    await installKubeProxyNftTable(async (command, args, input) => {
      calls.push({ command, args, ...(input === undefined ? {} : { input }) });
      return "";
    });
    expect(calls).toEqual([{ command: "nft", args: ["-f", "-"], input: kubeProxyNftScript() }]);
    expect(kubeProxyNftScript()).toMatch(/^add table ip kube-proxy\b/);
    // `nft list tables` on a node with Cilium's iptables-nft chains and the fault's table.
    const listed = "table ip filter\ntable ip nat\ntable ip kube-proxy\n";
    expect(judgeNodeFilters([{ backend: "nftables", output: listed }]).found).toEqual([
      "nftables table ip kube-proxy",
    ]);
    expect(judgeNodeFilters([{ backend: "nftables", output: "table ip filter\n" }]).found).toEqual([]);
  });
});
