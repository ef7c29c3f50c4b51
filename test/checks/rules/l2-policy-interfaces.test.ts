import { describe, expect, it } from "vitest";
import { l2PolicyInterfaces } from "../../../src/checks/rules/l2-policy-interfaces.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE } from "../model-builder.ts";

const check = (patterns: string[], nics?: string[]) =>
  findingsOf(l2PolicyInterfaces, {
    files: {
      [L2_FILE]: l2PolicyYaml(
        `  loadBalancerIPs: true\n  interfaces:\n${patterns.map((p) => `    - '${p}'\n`).join("")}`,
      ),
    },
    ...(nics ? { lan: { nics } } : {}),
    withConfigFile: true,
  });

describe("l2-policy-interfaces", () => {
  it("accepts RE2 patterns that match the declared NICs", () => {
    expect(check(["^eno[0-9]+$", "^enp[0-9]+s[0-9]+$"], ["eno1", "enp1s0"])).toEqual([]);
  });

  it("names a lookahead as a JavaScript-only construct, at the pattern's line", () => {
    const [finding] = check(["^(?!lo)eth[0-9]+"], ["eth0"]);
    expect(finding).toMatchObject({ id: "l2-policy-interface-regex", severity: "error", line: 8 });
    expect(finding!.message).toContain("negative lookahead `(?!…)`");
    expect(finding!.message).toContain("io.cilium/bad-interface-regex");
  });

  it("names lookbehind and backreferences too", () => {
    expect(check(["(?<=e)no1"], ["eno1"])[0]!.message).toContain("lookbehind `(?<=…)`");
    expect(check(["(en)\\1"], ["eno1"])[0]!.message).toContain("backreference");
  });

  it("reports a plain syntax error with RE2's reason", () => {
    expect(check(["^eno[0-9+$"], ["eno1"])[0]!.message).toContain("missing closing ]");
  });

  it("errors when no pattern matches any declared NIC", () => {
    const [finding] = check(["^eth[0-9]+$"], ["eno1", "enp1s0"]);
    expect(finding).toMatchObject({ id: "l2-policy-interface-no-nic-match", severity: "error" });
    expect(finding!.message).toContain("`^(eno1|enp1s0)$`");
  });

  it("only warns about one dead pattern when another matches", () => {
    const findings = check(["^eno[0-9]+$", "^wlan0$"], ["eno1"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe("warning");
  });

  it("matches unanchored, like Go's MatchString", () => {
    expect(check(["no1"], ["eno1"])).toEqual([]);
  });

  it("is an info when no NICs are declared", () => {
    const [finding] = check(["^eno[0-9]+$"]);
    expect(finding).toMatchObject({ id: "l2-policy-interface-nics-unknown", severity: "info" });
  });
});
