import { describe, expect, it } from "vitest";
import { gatewayAddressInPool } from "../../../src/checks/rules/gateway-address-in-pool.ts";
import { HOMELAB_GATEWAY } from "../gateway-yaml.ts";
import { findingsOf, GATEWAY_FILE, POOL_FILE, poolYaml } from "../model-builder.ts";

const POOL = poolYaml(
  "home-compute-pool",
  "  blocks:\n    - start: 192.168.5.30\n      stop: 192.168.5.254\n",
);
const withAnnotation = (ips: string, name = "lbipam.cilium.io/ips") =>
  HOMELAB_GATEWAY.replace(
    "  gatewayClassName: cilium\n",
    `  gatewayClassName: cilium\n  infrastructure:\n    annotations:\n      ${name}: "${ips}"\n`,
  );
const withAddress = (ip: string) =>
  HOMELAB_GATEWAY.replace(
    "  gatewayClassName: cilium\n",
    `  gatewayClassName: cilium\n  addresses:\n    - type: IPAddress\n      value: ${ip}\n`,
  );

describe("gateway-address-in-pool", () => {
  it("accepts requested addresses inside the pool", () => {
    expect(
      findingsOf(gatewayAddressInPool, {
        files: { [POOL_FILE]: POOL, [GATEWAY_FILE]: withAnnotation("192.168.5.40") },
      }),
    ).toEqual([]);
    expect(
      findingsOf(gatewayAddressInPool, {
        files: { [POOL_FILE]: POOL, [GATEWAY_FILE]: withAddress("192.168.5.41") },
      }),
    ).toEqual([]);
  });

  it("errors on an annotation address outside every pool, at its line", () => {
    const [finding] = findingsOf(gatewayAddressInPool, {
      files: { [POOL_FILE]: POOL, [GATEWAY_FILE]: withAnnotation("192.168.5.40,192.168.6.10") },
    });
    expect(finding).toMatchObject({ severity: "error", file: GATEWAY_FILE, line: 10 });
    expect(finding!.message).toContain("192.168.6.10");
    expect(finding!.message).toContain("cilium-gateway-homelab stays <pending>");
  });

  it("errors on spec.addresses outside the pool and on a non-address", () => {
    expect(
      findingsOf(gatewayAddressInPool, {
        files: { [POOL_FILE]: POOL, [GATEWAY_FILE]: withAddress("192.168.5.10") },
      }),
    ).toHaveLength(1);
    expect(
      findingsOf(gatewayAddressInPool, {
        files: { [POOL_FILE]: POOL, [GATEWAY_FILE]: withAddress("gateway.lan") },
      })[0]!.message,
    ).toContain("not an IP address");
  });

  it("reads the 1.15 annotation name on 1.15", () => {
    const files = {
      [POOL_FILE]: POOL.replace("cilium.io/v2", "cilium.io/v2alpha1"),
      [GATEWAY_FILE]: withAnnotation("10.0.0.1", "io.cilium/lb-ipam-ips"),
    };
    expect(findingsOf(gatewayAddressInPool, { version: "1.15.19", files })).toHaveLength(1);
  });
});
