import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import { poolCounts } from "../../src/lbipam/pool-counts.ts";
import { buildModel, POOL_FILE, poolYaml } from "../checks/model-builder.ts";

function counts(spec: string, version = "1.18.11") {
  const model = buildModel({ version, files: { [POOL_FILE]: poolYaml("home", spec, "cilium.io/v2alpha1") } });
  const { blocks, ...totals } = poolCounts(model.pools[0]!, compatFor(version));
  return { totals, blocks: blocks.map(({ block, ...numbers }) => ({ block: block.text, ...numbers })) };
}

// operator/pkg/lbipam/lbipam.go: reserved first/last addresses are Alloc'ed to nobody, and
// updatePoolCounts reports IPsTotal = available + used from pkg/ipalloc Stats().
describe("poolCounts", () => {
  it("reports the raw block size as IPsTotal when first/last are reserved (the 1.15 default)", () => {
    expect(counts("  blocks:\n    - cidr: 192.168.5.0/24\n", "1.15.19").totals).toEqual({
      ipsTotal: 256n,
      reserved: 2n,
      offered: 254n,
    });
  });

  it('does the same for allowFirstLastIPs: "No" from 1.16, block by block', () => {
    const { totals, blocks } = counts(
      '  allowFirstLastIPs: "No"\n  blocks:\n    - cidr: 192.168.5.64/28\n    - cidr: 192.168.5.80/31\n    - start: 192.168.5.100\n      stop: 192.168.5.109\n',
    );
    expect(blocks).toEqual([
      { block: "192.168.5.64/28", size: 16n, reserved: 2n, offered: 14n },
      { block: "192.168.5.80/31", size: 2n, reserved: 0n, offered: 2n },
      { block: "192.168.5.100–192.168.5.109", size: 10n, reserved: 0n, offered: 10n },
    ]);
    expect(totals).toEqual({ ipsTotal: 28n, reserved: 2n, offered: 26n });
  });

  it("gives equal numbers when nothing is reserved (1.16+ default)", () => {
    expect(counts("  blocks:\n    - cidr: 192.168.5.64/28\n").totals).toEqual({
      ipsTotal: 16n,
      reserved: 0n,
      offered: 16n,
    });
  });
});
