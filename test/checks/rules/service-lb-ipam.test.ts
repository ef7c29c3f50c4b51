import { describe, expect, it } from "vitest";
import { serviceLbIpam } from "../../../src/checks/rules/service-lb-ipam.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const SERVICES = "apps/pihole/services.yaml";
const POOL = poolYaml("home", "  blocks:\n    - start: 192.168.5.30\n      stop: 192.168.5.254\n");

function service(
  name: string,
  options: { annotations?: Record<string, string>; spec?: string; ports?: string; namespace?: string } = {},
): string {
  const annotations = Object.entries(options.annotations ?? {});
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${options.namespace ?? "pihole"}
${annotations.length ? `  annotations:\n${annotations.map(([k, v]) => `    ${k}: "${v}"\n`).join("")}` : ""}spec:
  type: LoadBalancer
${options.spec ?? ""}  ports:
${options.ports ?? "    - name: dns\n      port: 53\n      protocol: UDP\n"}`;
}

const check = (services: string[], version?: string) =>
  findingsOf(serviceLbIpam, {
    ...(version ? { version } : {}),
    files: { [POOL_FILE]: POOL, [SERVICES]: services.join("---\n") },
  });

describe("service-lb-ipam", () => {
  it("accepts a Pi-hole pair sharing one requested IP inside the pool (53/TCP and 53/UDP do not clash)", () => {
    const annotations = {
      "lbipam.cilium.io/ips": "192.168.5.53",
      "lbipam.cilium.io/sharing-key": "pihole-dns",
    };
    expect(
      check([
        service("dns-udp", { annotations }),
        service("dns-tcp", {
          annotations,
          ports: "    - name: dns-tcp\n      port: 53\n      protocol: TCP\n",
        }),
      ]),
    ).toEqual([]);
  });

  it("errors on a requested IP outside every pool, at the annotation's line", () => {
    const [finding, ...rest] = check([
      service("dns", { annotations: { "lbipam.cilium.io/ips": "192.168.5.20" } }),
    ]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: "service-lb-ip-outside-pools",
      severity: "error",
      file: SERVICES,
      line: 7,
    });
    expect(finding!.message).toContain(
      "Service pihole/dns requests 192.168.5.20 via annotation lbipam.cilium.io/ips",
    );
    expect(finding!.message).toContain("reason no_pool");
  });

  it("checks every address of a comma-separated request, and spec.loadBalancerIP", () => {
    const findings = check([
      service("dns", {
        annotations: { "lbipam.cilium.io/ips": "192.168.5.53, 10.0.0.1" },
        spec: "  loadBalancerIP: 192.168.6.1\n",
      }),
    ]);
    expect(findings.map((finding) => finding.message.match(/requests (\S+) via/)?.[1])).toEqual([
      "10.0.0.1",
      "192.168.6.1",
    ]);
    expect(findings[1]!.message).toContain("spec.loadBalancerIP (deprecated)");
  });

  it("warns about the 1.15 annotation names on 1.16+, and still checks the IP they request", () => {
    const findings = check([
      service("dns", {
        annotations: { "io.cilium/lb-ipam-ips": "192.168.5.10", "io.cilium/lb-ipam-sharing-key": "k" },
      }),
    ]);
    expect(findings.map((finding) => `${finding.severity} ${finding.id}`)).toEqual([
      "warning service-lb-ipam-annotation",
      "warning service-lb-ipam-annotation",
      "error service-lb-ip-outside-pools",
    ]);
    expect(findings[0]!.message).toContain(
      "uses the 1.15 annotation io.cilium/lb-ipam-ips: Cilium 1.18.11 still reads it as an alias, but the current name is lbipam.cilium.io/ips",
    );
  });

  it("warns on 1.15 that the 1.16 names are not read (and does not check the IP they would request)", () => {
    const findings = check(
      [service("dns", { annotations: { "lbipam.cilium.io/ips": "10.9.9.9" } })],
      "1.15.19",
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: "service-lb-ipam-annotation", severity: "warning" });
    expect(findings[0]!.message).toContain("which Cilium 1.15.19 does not read");
    expect(findings[0]!.message).toContain("Use io.cilium/lb-ipam-ips on 1.15.19");
    // The 1.15 name is the current one there: no warning.
    expect(
      check([service("dns", { annotations: { "io.cilium/lb-ipam-ips": "192.168.5.53" } })], "1.15.19"),
    ).toEqual([]);
  });

  it("warns when Services with one sharing key clash on a port", () => {
    const annotations = { "lbipam.cilium.io/sharing-key": "shared" };
    const findings = check([
      service("a", { annotations, ports: "    - port: 443\n" }),
      service("b", { annotations, ports: "    - port: 80\n    - port: 443\n" }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: "service-sharing-key-port-clash", severity: "warning" });
    expect(findings[0]!.message).toContain('shares the sharing key "shared" with Service pihole/a');
    expect(findings[0]!.message).toContain("both use port 443/TCP");
    // Different namespaces do not share without sharing-cross-namespace.
    expect(
      check([
        service("a", { annotations, ports: "    - port: 443\n" }),
        service("b", { annotations, ports: "    - port: 443\n", namespace: "web" }),
      ]),
    ).toEqual([]);
    const cross = { ...annotations, "lbipam.cilium.io/sharing-cross-namespace": "*" };
    expect(
      check([
        service("a", { annotations: cross, ports: "    - port: 443\n" }),
        service("b", { annotations: cross, ports: "    - port: 443\n", namespace: "web" }),
      ]).map((finding) => finding.id),
    ).toEqual(["service-sharing-key-port-clash"]);
  });

  it("notes a loadBalancerClass Cilium does not handle, and checks nothing else on it", () => {
    const findings = check([
      service("metallb", {
        annotations: { "lbipam.cilium.io/ips": "10.0.0.1" },
        spec: "  loadBalancerClass: metallb.io/metallb\n",
      }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: "service-lb-class-not-cilium", severity: "info" });
    expect(findings[0]!.message).toContain(
      "LB-IPAM handles only Services without a class or with io.cilium/l2-announcer / io.cilium/bgp-control-plane",
    );
    expect(check([service("bgp", { spec: "  loadBalancerClass: io.cilium/bgp-control-plane\n" })])).toEqual(
      [],
    );
  });
});
