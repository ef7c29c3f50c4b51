import { describe, expect, it } from "vitest";
import { l2SharedIpLeases } from "../../../src/checks/rules/l2-shared-ip-leases.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE, POOL_FILE, poolYaml } from "../model-builder.ts";

const SERVICES = "apps/pihole/dns-services.yaml";
const POOL = poolYaml("home", "  blocks:\n    - start: 192.168.5.30\n      stop: 192.168.5.254\n");
const ANNOUNCE_ALL = l2PolicyYaml("  loadBalancerIPs: true\n");
const L2_ON = "kubeProxyReplacement: true\nl2announcements:\n  enabled: true\n";
const PIHOLE = { "lbipam.cilium.io/ips": "192.168.5.53", "lbipam.cilium.io/sharing-key": "pihole-dns" };

function service(
  name: string,
  options: {
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    port?: string;
    spec?: string;
    namespace?: string;
  } = {},
): string {
  const annotations = Object.entries(options.annotations ?? {});
  const labels = Object.entries(options.labels ?? {});
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${options.namespace ?? "pihole"}
${labels.length ? `  labels:\n${labels.map(([k, v]) => `    ${k}: "${v}"\n`).join("")}` : ""}${annotations.length ? `  annotations:\n${annotations.map(([k, v]) => `    ${k}: "${v}"\n`).join("")}` : ""}spec:
  type: LoadBalancer
${options.spec ?? ""}  ports:
    - port: 53
      protocol: ${options.port ?? "UDP"}
`;
}

const check = (services: string[], options: { policy?: string; values?: string } = {}) =>
  findingsOf(l2SharedIpLeases, {
    values: options.values ?? L2_ON,
    files: {
      [POOL_FILE]: POOL,
      [L2_FILE]: options.policy ?? ANNOUNCE_ALL,
      [SERVICES]: services.join("---\n"),
    },
  });

const piholePair = (udp: Parameters<typeof service>[1] = {}, tcp: Parameters<typeof service>[1] = {}) => [
  service("dns-udp", { annotations: PIHOLE, ...udp }),
  service("dns-tcp", { annotations: PIHOLE, port: "TCP", ...tcp }),
];

describe("l2-shared-ip-leases", () => {
  it("is an error on the Pi-hole pair (as the live case fails it): both Services with file:line, the IP, the Lease cause and the merge fix", () => {
    const [finding, ...rest] = check(piholePair());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: "l2-shared-ip-leases",
      severity: "error",
      file: SERVICES,
      line: 8,
    });
    const message = finding!.message;
    expect(message).toContain("Service pihole/dns-udp and Service pihole/dns-tcp share 192.168.5.53");
    expect(message).toContain('sharing key "pihole-dns"');
    expect(message).toContain("the L2 policy home-l2 announces each of them");
    expect(message).toContain("one Lease each (cilium-l2announce-<namespace>-<name>)");
    expect(message).toContain("cilium/cilium#48419");
    expect(message).toContain(
      `merge pihole/dns-udp (${SERVICES}:1) and pihole/dns-tcp (${SERVICES}:15) into one LoadBalancer Service with all their ports (53/UDP, 53/TCP)`,
    );
    expect(message).toContain("GA since Kubernetes 1.26");
  });

  it("also fires when the shared address comes from the pool (sharing key, no requested IP)", () => {
    const key = { "lbipam.cilium.io/sharing-key": "pihole-dns" };
    const [finding] = check([
      service("dns-udp", { annotations: key }),
      service("dns-tcp", { annotations: key, port: "TCP" }),
    ]);
    expect(finding!.message).toContain("share one pool address");
  });

  it("is silent when the policy's serviceSelector takes only one of them (one Lease)", () => {
    const policy = l2PolicyYaml(
      "  loadBalancerIPs: true\n  serviceSelector:\n    matchLabels:\n      io.kubernetes.service.name: dns-udp\n",
    );
    expect(check(piholePair(), { policy })).toEqual([]);
    const byLabel = l2PolicyYaml(
      '  loadBalancerIPs: true\n  serviceSelector:\n    matchLabels:\n      announce: "yes"\n',
    );
    expect(check(piholePair({ labels: { announce: "yes" } }), { policy: byLabel })).toEqual([]);
    expect(
      check(piholePair({ labels: { announce: "yes" } }, { labels: { announce: "yes" } }), {
        policy: byLabel,
      }),
    ).toHaveLength(1);
  });

  it("is silent when no policy announces loadBalancerIPs, or L2 announcements are off", () => {
    expect(check(piholePair(), { policy: l2PolicyYaml("  externalIPs: true\n") })).toEqual([]);
    expect(check(piholePair(), { values: "kubeProxyReplacement: true\n" })).toEqual([]);
  });

  it("is silent when LB-IPAM would not put them on one address", () => {
    // Same requested IP without a sharing key: the second gets none (already_allocated), not a share.
    const ipOnly = { "lbipam.cilium.io/ips": "192.168.5.53" };
    expect(check(piholePair({ annotations: ipOnly }, { annotations: ipOnly }))).toEqual([]);
    // One key, but 53/UDP twice: the ports clash, so the second gets its own address or none.
    expect(check(piholePair({}, { port: "UDP" }))).toEqual([]);
    // One key, different requested IPs.
    const other = { ...PIHOLE, "lbipam.cilium.io/ips": "192.168.5.54" };
    expect(check(piholePair({}, { annotations: other }))).toEqual([]);
    // One key, different externalTrafficPolicy.
    expect(
      check(piholePair({ spec: "  externalTrafficPolicy: Local\n  selector:\n    app: pihole\n" })),
    ).toEqual([]);
    // One key across namespaces without sharing-cross-namespace.
    expect(check(piholePair({}, { namespace: "dns" }))).toEqual([]);
  });

  it("counts a Service with the BGP class as not announced by L2", () => {
    expect(check(piholePair({}, { spec: "  loadBalancerClass: io.cilium/bgp-control-plane\n" }))).toEqual([]);
  });
});
