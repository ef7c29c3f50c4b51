// What a Cilium expert would say about the seed homelab (fixtures/homelab), and nothing more.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runChecks } from "../../src/checks/run-checks.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";

const HOMELAB = fileURLToPath(new URL("../../fixtures/homelab", import.meta.url));

describe("runChecks on fixtures/homelab", () => {
  const model = loadInfraRepo(HOMELAB);
  const findings = runChecks(model);
  const summary = findings.map(
    (finding) => `${finding.severity} ${finding.id} ${finding.file}:${finding.line}`,
  );

  it("flags the broadcast address at the end of the seed's pool, with the fix", () => {
    const broadcast = findings.find((finding) => finding.id === "pool-includes-broadcast-address");
    expect(broadcast).toMatchObject({
      severity: "error",
      file: "infra/configs/cilium/load-balancer-ip-pool.yaml",
    });
    expect(broadcast!.message).toContain("192.168.5.255");
    expect(broadcast!.message).toContain("set `stop: 192.168.5.254`");
  });

  it("says externalIPs.enabled is silently ignored on 1.18", () => {
    const removed = findings.find((finding) => finding.id === "removed-values-key");
    expect(removed).toMatchObject({ severity: "warning", file: "infra/controllers/cilium/values.yaml" });
    expect(removed!.message).toContain("silently ignored by chart 1.18.11");
  });

  it("models Pi-hole's two DNS Services sharing 192.168.5.53 and reports as an error that each has its own L2 Lease", () => {
    expect((model.services ?? []).map((service) => `${service.namespace}/${service.name}`)).toEqual([
      "pihole/pihole-dns-udp",
      "pihole/pihole-dns-tcp",
    ]);
    expect(model.services![0]!.location).toEqual({ file: "apps/pihole/dns-services.yaml", line: 3 });
    // 53/UDP and 53/TCP do not clash, so one sharing key gives both the same address; the one L2
    // policy announces both, and each Service's Lease elects its own node.
    const pihole = findings.filter((finding) => finding.file === "apps/pihole/dns-services.yaml");
    expect(pihole.map((finding) => `${finding.severity} ${finding.id} ${finding.line}`)).toEqual([
      "error l2-shared-ip-leases 9",
    ]);
    expect(pihole[0]!.message).toContain(
      "merge pihole/pihole-dns-udp (apps/pihole/dns-services.yaml:3) and pihole/pihole-dns-tcp (apps/pihole/dns-services.yaml:20) into one LoadBalancer Service",
    );
  });

  it("reports exactly the seed's real problems and useful facts, nothing false", () => {
    expect(summary).toEqual([
      "error l2-shared-ip-leases apps/pihole/dns-services.yaml:9",
      "info l2-policy-interface-nics-unknown infra/configs/cilium/l2-announcement-policy.yaml:12",
      "info pool-ip-count infra/configs/cilium/load-balancer-ip-pool.yaml:6",
      "error pool-includes-broadcast-address infra/configs/cilium/load-balancer-ip-pool.yaml:8",
      "warning removed-values-key infra/controllers/cilium/values.yaml:31",
    ]);
    expect(findings.find((finding) => finding.id === "pool-ip-count")!.message).toContain("offers 226 IPs");
  });
});
