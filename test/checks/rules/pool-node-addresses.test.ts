import { describe, expect, it } from "vitest";
import { poolNodeAddresses } from "../../../src/checks/rules/pool-node-addresses.ts";
import { findingsOf, POOL_FILE, poolYaml, VALUES_FILE } from "../model-builder.ts";

const range = (start: string, stop: string) =>
  poolYaml("home-compute-pool", `  blocks:\n    - start: ${start}\n      stop: ${stop}\n`);
const cidr = (block: string) => poolYaml("home-compute-pool", `  blocks:\n    - cidr: ${block}\n`);

describe("pool-node-addresses", () => {
  it("reports a pool that hands out the API server's address, with the split that avoids it", () => {
    const [finding, ...rest] = findingsOf(poolNodeAddresses, {
      values: "kubeProxyReplacement: true\nk8sServiceHost: 192.168.5.40\n",
      files: { [POOL_FILE]: range("192.168.5.30", "192.168.5.99") },
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: "pool-includes-api-server-address",
      severity: "error",
      file: POOL_FILE,
      line: 7,
    });
    expect(finding!.message).toContain("includes 192.168.5.40, the API server's address (k8sServiceHost)");
    expect(finding!.message).toContain(`${VALUES_FILE}:2`);
    expect(finding!.message).toContain("blocks 192.168.5.30–192.168.5.39 and 192.168.5.41–192.168.5.99");
  });

  it("reports each node address from lan.nodes that a block contains, at the cidr line", () => {
    const findings = findingsOf(poolNodeAddresses, {
      files: { [POOL_FILE]: cidr("192.168.5.32/27") },
      lan: { nodes: ["192.168.5.11", "192.168.5.40", "192.168.5.50"] },
    });
    expect(findings.map((f) => [f.id, f.line])).toEqual([
      ["pool-includes-node-address", 7],
      ["pool-includes-node-address", 7],
    ]);
    expect(findings[0]!.message).toContain(
      "includes 192.168.5.40, a node's address (lan.nodes) (.cilium-conformance.yaml:9)",
    );
    expect(findings[1]!.message).toContain("192.168.5.50");
  });

  it("is silent when the addresses stay outside, and for a hostname k8sServiceHost", () => {
    expect(
      findingsOf(poolNodeAddresses, {
        values: "k8sServiceHost: 192.168.5.10\n",
        files: { [POOL_FILE]: range("192.168.5.30", "192.168.5.99") },
        lan: { nodes: ["192.168.5.10", "192.168.5.11"] },
      }),
    ).toEqual([]);
    expect(
      findingsOf(poolNodeAddresses, {
        values: "k8sServiceHost: api.homelab.lan\n",
        files: { [POOL_FILE]: range("192.168.5.30", "192.168.5.99") },
      }),
    ).toEqual([]);
  });

  it("counts the first and last address of a cidr block only where the version hands them out", () => {
    const input = { files: { [POOL_FILE]: cidr("192.168.5.32/27") }, lan: { nodes: ["192.168.5.63"] } };
    // 1.15 keeps them back (allowFirstLastIPs defaults to "No"); from 1.16 they are allocated.
    expect(findingsOf(poolNodeAddresses, { ...input, version: "1.15.19" })).toEqual([]);
    expect(findingsOf(poolNodeAddresses, { ...input, version: "1.18.11" })).toHaveLength(1);
  });
});
