import { poolSpec, readPoolBlocks } from "../../lbipam/pool-blocks.ts";
import { formatIpValue } from "../../net/ip-range.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolBlockSyntax: DocumentedRule = {
  id: "pool-block-syntax",
  title:
    "Pool blocks are valid: CIDRs and addresses parse, no host bits, start ≤ stop, one family, cidr xor start/stop, allowFirstLastIPs quoted",
  severities: ["error", "warning"],
  why: 'One bad block makes the operator reject the pool ("error parsing ip block"); host bits make it silently take the whole network.',
  check(model) {
    const facts = chartFacts(model);
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      const name = describeManifest(pool);
      const { blocks, problems } = readPoolBlocks(pool, facts?.compat);
      for (const problem of problems) {
        findings.push({
          id: "pool-block-syntax",
          severity: problem.severity,
          message: `${name}: ${problem.message}`,
          ...atManifest(pool, problem.path),
        });
      }
      for (const block of blocks) {
        if (!block.hostBitsSet) continue;
        const written = (poolSpec(pool)[block.field] as Record<string, unknown>[])[block.index]?.cidr;
        const address = String(written).split("/")[0];
        const single = block.range.family === 4 ? "32" : "128";
        findings.push({
          id: "pool-block-syntax",
          severity: "error",
          message: `${name}: cidr ${String(written)} has host bits set. The operator masks it to ${block.text} and hands out all ${(block.range.last - block.range.first + 1n).toString()} addresses from ${formatIpValue(block.range.family, block.range.first)}, which is almost never meant. Write \`cidr: ${block.text}\` if you want the whole network, or \`cidr: ${address}/${single}\` for the single address.`,
          ...atManifest(pool, [...block.path, "cidr"]),
        });
      }
      const spec = poolSpec(pool);
      const allow = spec.allowFirstLastIPs;
      if (allow !== undefined && allow !== "Yes" && allow !== "No") {
        const meant = allow === false ? "No" : allow === true ? "Yes" : undefined;
        findings.push({
          id: "pool-block-syntax",
          severity: "error",
          message: `${name}: allowFirstLastIPs is ${quoteExcerpt(allow)}, but the CRD only takes the strings "Yes" or "No"${typeof allow === "boolean" ? " (unquoted Yes/No is a YAML boolean to kubectl and Flux)" : ""}: the API server rejects the pool. Write \`allowFirstLastIPs: "${meant ?? "No"}"\` with the quotes.`,
          ...atManifest(pool, ["spec", "allowFirstLastIPs"]),
        });
      }
      const hasBlocks = Array.isArray(spec.blocks) && spec.blocks.length > 0;
      const hasCidrs =
        facts?.compat.poolCidrsField.value && Array.isArray(spec.cidrs) && spec.cidrs.length > 0;
      if (!hasBlocks && !hasCidrs && spec.cidrs === undefined) {
        findings.push({
          id: "pool-block-syntax",
          severity: "error",
          message: `${name} has no spec.blocks: it offers no addresses, and Services it selects stay <pending> (IPAMRequestSatisfied=False, out_of_ips). Add e.g. \`blocks: [{ start: 192.168.5.200, stop: 192.168.5.250 }]\`.`,
          ...atManifest(pool, ["spec"]),
        });
      }
    }
    return findings;
  },
};
