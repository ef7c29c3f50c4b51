import { describe, expect, it } from "vitest";
import { poolBlockSyntax } from "../../../src/checks/rules/pool-block-syntax.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const check = (spec: string, version?: string) =>
  findingsOf(poolBlockSyntax, {
    ...(version ? { version } : {}),
    files: { [POOL_FILE]: poolYaml("home", spec) },
  });

describe("pool-block-syntax", () => {
  it("accepts cidr blocks, ranges and a single start", () => {
    const spec =
      '  allowFirstLastIPs: "No"\n  blocks:\n    - cidr: 192.168.5.32/27\n    - start: 192.168.5.100\n      stop: 192.168.5.120\n    - start: 192.168.5.200\n    - cidr: fd00:5::/112\n';
    expect(check(spec)).toEqual([]);
  });

  it("reports start after stop with the swap as fix, at the stop line", () => {
    const [finding] = check("  blocks:\n    - start: 192.168.5.200\n      stop: 192.168.5.100\n");
    expect(finding).toMatchObject({ severity: "error", line: 8 });
    expect(finding!.message).toContain("`start: 192.168.5.100`, `stop: 192.168.5.200`");
  });

  it("reports mixed families", () => {
    expect(check("  blocks:\n    - start: 192.168.5.10\n      stop: fd00::10\n")[0]!.message).toContain(
      "mixes an IPv4 start",
    );
  });

  it("reports invalid addresses and CIDRs", () => {
    const findings = check(
      "  blocks:\n    - cidr: 192.168.5.0/33\n    - start: 192.168.5.300\n      stop: 192.168.5.310\n",
    );
    expect(findings.map((finding) => finding.line)).toEqual([7, 8]);
    expect(findings[0]!.message).toContain("is not a CIDR");
    expect(findings[1]!.message).toContain("is not an IP address");
  });

  it("explains host bits: the operator masks to the whole network", () => {
    const [finding] = check("  blocks:\n    - cidr: 192.168.5.7/24\n");
    expect(finding!.message).toContain("masks it to 192.168.5.0/24 and hands out all 256 addresses");
    expect(finding!.message).toContain("`cidr: 192.168.5.7/32`");
  });

  it("warns when a block has both cidr and start/stop: start/stop are ignored", () => {
    const [finding] = check(
      "  blocks:\n    - cidr: 192.168.5.32/27\n      start: 192.168.5.40\n      stop: 192.168.5.50\n",
    );
    expect(finding).toMatchObject({ severity: "warning", line: 8 });
    expect(finding!.message).toContain("silently ignores start/stop");
  });

  it("reports a stop without start, and an empty pool", () => {
    expect(check("  blocks:\n    - stop: 192.168.5.50\n")[0]!.message).toContain("has `stop` but no `start`");
    expect(check("  disabled: false\n")[0]!.message).toContain("has no spec.blocks");
  });

  it("reports an unquoted No (a YAML 1.1 boolean) for allowFirstLastIPs", () => {
    const [finding] = check("  allowFirstLastIPs: No\n  blocks:\n    - cidr: 192.168.5.32/27\n");
    expect(finding!.message).toContain('`allowFirstLastIPs: "No"` with the quotes');
  });
});
