// Installs Cilium's chains with the iptables backend the node uses, as the agent image's
// iptables wrapper picks it: nft unless only legacy has rules (kubernetes-sigs/iptables-wrappers
// logic, which cilium's image ships). With the fault, kube-proxy's chains too.

import type { CommandRunner } from "../datapath/command-runner.ts";
import {
  CILIUM_CHAINS,
  type CiliumRulesInput,
  ciliumRestoreScript,
  feederDeleteArgs,
} from "./cilium-chains.ts";
import { kubeProxyNftScript, kubeProxyRestoreScript } from "./kube-proxy-chains.ts";

async function ruleCount(run: CommandRunner, save: string): Promise<number> {
  try {
    return (await run(save, [])).split("\n").filter((line) => line.startsWith("-A")).length;
  } catch {
    return 0;
  }
}

export async function iptablesBackend(run: CommandRunner): Promise<"nft" | "legacy"> {
  const legacy = await ruleCount(run, "iptables-legacy-save");
  const nft = await ruleCount(run, "iptables-nft-save");
  return legacy > nft ? "legacy" : "nft";
}

export async function installCiliumChains(
  run: CommandRunner,
  input: CiliumRulesInput,
): Promise<"nft" | "legacy"> {
  const backend = await iptablesBackend(run);
  const iptables = `iptables-${backend}`;
  for (const chain of CILIUM_CHAINS) {
    for (let i = 0; i < 5; i += 1) {
      const removed = await run(iptables, feederDeleteArgs(chain)).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
  await run(`${iptables}-restore`, ["--noflush"], ciliumRestoreScript(input));
  return backend;
}

/** Fault only: kube-proxy's chains on this node, with the given backend. */
export async function installKubeProxyChains(run: CommandRunner, backend: "nft" | "legacy"): Promise<void> {
  await run(`iptables-${backend}-restore`, ["--noflush"], kubeProxyRestoreScript());
}

/** Fault only: kube-proxy's nftables-mode table `ip kube-proxy` on this node. */
export async function installKubeProxyNftTable(run: CommandRunner): Promise<void> {
  await run("nft", ["-f", "-"], kubeProxyNftScript());
}
