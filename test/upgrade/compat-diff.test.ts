import { describe, expect, it } from "vitest";
import type { UpgradeFinding } from "../../src/upgrade/upgrade-finding.ts";
import { yaml } from "../support/temp-repo.ts";
import { fixtureText, L2_FILE, POOL_FILE, preview, VALUES_FILE } from "./support/upgrade-repo.ts";

const POOL_V2ALPHA1 = fixtureText(POOL_FILE).replace("cilium.io/v2\n", "cilium.io/v2alpha1\n");
const byCategory = (findings: UpgradeFinding[], category: UpgradeFinding["category"]) =>
  findings.filter((finding) => finding.category === category);

describe("what the compat table says changes between two versions", () => {
  it("1.17 → 1.18: v2 pools newly served, externalIPs.enabled removed, Gateway API v1.2.0 stays", () => {
    const findings = preview("1.17.5", "1.18.11", { pool: POOL_V2ALPHA1 });
    const [pool] = byCategory(findings, "pool-api");
    expect(pool).toMatchObject({
      id: "upgrade-pool-api-version",
      severity: "info",
      file: POOL_FILE,
      line: 1,
    });
    expect(pool?.message).toContain("chart 1.18.11 newly serves cilium.io/v2");
    expect(pool?.message).toContain("after the upgrade (not before: 1.17.5 does not serve it)");
    const [removed] = byCategory(findings, "values-keys");
    expect(removed?.id).toBe("upgrade-values-key-removed");
    expect(removed?.message).toMatch(/^externalIPs\.enabled is a key of chart 1\.17\.5 but not of 1\.18\.11/);
    const [gateway] = byCategory(findings, "gateway-api");
    expect(gateway).toMatchObject({ severity: "info", file: VALUES_FILE });
    expect(gateway?.message).toContain("stay at v1.2.0, standard channel");
    expect(byCategory(findings, "l2-announcements")).toEqual([]);
  });

  it("reports nothing for a pool whose apiVersion both sides serve alike", () => {
    expect(byCategory(preview("1.18.11", "1.18.11"), "pool-api")).toEqual([]);
  });

  it("1.18 → 1.19: v2alpha1 pools deprecated, Gateway API v1.3.0 first, NDP", () => {
    const findings = preview("1.18.11", "1.19.5", { pool: POOL_V2ALPHA1 });
    const [pool] = byCategory(findings, "pool-api");
    expect(pool).toMatchObject({ severity: "warning", file: POOL_FILE, line: 1 });
    expect(pool?.message).toContain("deprecated");
    expect(pool?.message).toContain("the current version serves it already, so this can go first");
    const [gateway] = byCategory(findings, "gateway-api");
    expect(gateway?.severity).toBe("warning");
    expect(gateway?.message).toContain(
      "requires Gateway API CRDs v1.3.0, standard channel; 1.18.11 required v1.2.0",
    );
    expect(gateway?.message).toContain("Upgrade the CRDs FIRST, then the chart");
    const [ndp] = byCategory(findings, "l2-announcements");
    expect(ndp).toMatchObject({ id: "upgrade-l2-ndp", severity: "info" });
    expect(ndp?.message).toContain("IPv4 only");
  });

  it("1.18 → 1.19 with an IPv6 range: NDP names the pool", () => {
    const pool = yaml`
      apiVersion: cilium.io/v2
      kind: CiliumLoadBalancerIPPool
      metadata:
        name: home-compute-pool
      spec:
        blocks:
          - start: 192.168.5.30
            stop: 192.168.5.255
          - cidr: fd00:5::/120
    `;
    const [ndp] = byCategory(preview("1.18.11", "1.19.5", { pool }), "l2-announcements");
    expect(ndp).toMatchObject({ file: POOL_FILE, line: 5 });
    expect(ndp?.message).toContain("CiliumLoadBalancerIPPool home-compute-pool has IPv6 ranges");
  });

  it("1.16 → 1.17: Gateway API v1.1.0 (+ experimental TLSRoute) → v1.2.0", () => {
    const findings = preview("1.16.19", "1.17.5", { pool: POOL_V2ALPHA1 });
    const [gateway] = byCategory(findings, "gateway-api");
    expect(gateway?.message).toContain(
      "v1.2.0, standard channel; 1.16.19 required v1.1.0, standard channel + experimental tlsroutes",
    );
    expect(byCategory(findings, "pool-api")).toEqual([]);
  });

  it("a downgrade to a version that does not serve the pool's apiVersion is an error", () => {
    const [pool] = byCategory(preview("1.18.11", "1.17.5"), "pool-api");
    expect(pool).toMatchObject({ severity: "error", line: 1 });
    expect(pool?.message).toContain("Write `apiVersion: cilium.io/v2alpha1`");
    const [step] = byCategory(preview("1.18.11", "1.17.5"), "versions");
    expect(step?.message).toContain("is a downgrade");
  });

  it("1.15 → 1.16: strict kube-proxy replacement rejected, spec.cidrs gone, first/last IPs handed out", () => {
    const values = yaml`
      kubeProxyReplacement: strict
      k8sServiceHost: 192.168.5.10
      k8sServicePort: 6443
      l2announcements:
        enabled: true
    `;
    const pool = yaml`
      apiVersion: cilium.io/v2alpha1
      kind: CiliumLoadBalancerIPPool
      metadata:
        name: home-compute-pool
      spec:
        cidrs:
          - cidr: 192.168.5.0/24
    `;
    const findings = preview("1.15.19", "1.16.19", { values, pool });
    const [kpr] = byCategory(findings, "kube-proxy-replacement");
    expect(kpr).toMatchObject({ severity: "error", file: VALUES_FILE, line: 1 });
    expect(kpr?.message).toContain(
      'kubeProxyReplacement: "strict" is accepted by 1.15.19 but chart 1.16.19 accepts only true or false',
    );
    expect(kpr?.message).toContain("Write `kubeProxyReplacement: true`");
    const pools = byCategory(findings, "pool-api");
    expect(pools.map((f) => [f.id, f.severity, f.line])).toEqual([
      ["upgrade-pool-cidrs-field", "error", 6],
      ["upgrade-pool-first-last-ips", "warning", 5],
    ]);
  });

  it("annotations: the 1.15 IPs annotation is still read later; the 1.16 name is not read by 1.15", () => {
    const service = (annotation: string) => yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: dns
        namespace: home
        annotations:
          ${annotation}: 192.168.5.53
      spec:
        type: LoadBalancer
        ports:
          - port: 53
            protocol: UDP
    `;
    const legacy = preview("1.15.19", "1.16.19", {
      files: { "apps/dns/service.yaml": service("io.cilium/lb-ipam-ips") },
    });
    const [info] = byCategory(legacy, "annotations");
    expect(info).toMatchObject({ severity: "info", file: "apps/dns/service.yaml", line: 7 });
    expect(info?.message).toContain("its name now is lbipam.cilium.io/ips");

    const modern = preview("1.16.19", "1.15.19", {
      files: { "apps/dns/service.yaml": service("lbipam.cilium.io/ips") },
    });
    const [error] = byCategory(modern, "annotations");
    expect(error).toMatchObject({ severity: "error", line: 7 });
    expect(error?.message).toContain("Rename the annotation to io.cilium/lb-ipam-ips");
  });

  it("an L2 policy at another apiVersion than the candidate serves is an error", () => {
    const policy = fixtureText(L2_FILE).replace("cilium.io/v2alpha1", "cilium.io/v2");
    const [finding] = byCategory(
      preview("1.18.11", "1.19.5", { files: { [L2_FILE]: policy } }),
      "l2-announcements",
    );
    expect(finding).toMatchObject({
      id: "upgrade-l2-policy-api-version",
      severity: "error",
      file: L2_FILE,
      line: 1,
    });
  });

  it("the version step: skipped minors and upgradeCompatibility", () => {
    const findings = byCategory(preview("1.16.19", "1.18.11", { pool: POOL_V2ALPHA1 }), "versions");
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ["upgrade-version-step", "warning"],
      ["upgrade-compatibility-unset", "info"],
    ]);
    expect(findings[0]?.message).toContain("skips 1 minor version(s)");
    expect(findings[1]?.message).toContain('`upgradeCompatibility: "1.16"`');
    const set = preview("1.17.5", "1.18.11", {
      pool: POOL_V2ALPHA1,
      values: `upgradeCompatibility: "1.17"\n`,
    });
    expect(byCategory(set, "versions")).toEqual([]);
  });
});
