import { describe, expect, it } from "vitest";
import { compatFor } from "../../../src/compat/compat-for.ts";
import {
  lbServiceContract,
  sharingGroups,
} from "../../../src/conformance/repo-contracts/lb-service-contracts.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { parseManifests } from "../../../src/repo/yaml-documents.ts";
import { fixtureRoot } from "../../support/temp-repo.ts";

const seed = loadInfraRepo(fixtureRoot);

function service(yaml: string) {
  return parseManifests(`apiVersion: v1\nkind: Service\n${yaml}`, "apps/svc.yaml")[0]!;
}

describe("lbServiceContract", () => {
  it("reads the seed's Pi-hole Services: 192.168.5.53 asked for, one sharing key, the pool, the L2 policy, TCP proven and UDP named", () => {
    const compat = compatFor("1.18.11");
    const contracts = (seed.services ?? []).map((manifest) => lbServiceContract(manifest, seed, compat));
    const tcp = contracts.find((contract) => contract.name === "pihole-dns-tcp")!;
    expect(tcp).toEqual({
      namespace: "pihole",
      name: "pihole-dns-tcp",
      title: "Service pihole/pihole-dns-tcp (apps/pihole/dns-services.yaml:20)",
      file: "apps/pihole/dns-services.yaml",
      line: 20,
      requested: ["192.168.5.53"],
      sharingKey: "pihole-dns",
      sharedWith: ["pihole/pihole-dns-udp"],
      pools: ["home-compute-pool"],
      announcedBy: ["home-l2-policy"],
      ports: [{ name: "dns-tcp", port: 53, protocol: "TCP" }],
      tcpPorts: [{ name: "dns-tcp", port: 53, protocol: "TCP" }],
      notProven: [],
      notHandled: undefined,
    });
    const udp = contracts.find((contract) => contract.name === "pihole-dns-udp")!;
    expect(udp.tcpPorts).toEqual([]);
    expect(udp.notProven).toEqual(["port 53/UDP (dns-udp): not proven (the echo stand-in answers TCP only)"]);
    expect(
      [...sharingGroups(contracts).entries()].map(([key, members]) => [key, members.map((m) => m.name)]),
    ).toEqual([["pihole/pihole-dns", ["pihole-dns-udp", "pihole-dns-tcp"]]]);
  });

  it("reads the annotation names of the version under test, and leaves a foreign class alone", () => {
    const legacy = service(
      "metadata: { name: a, namespace: x, annotations: { io.cilium/lb-ipam-ips: '192.168.5.60,192.168.5.61' } }\nspec: { type: LoadBalancer, ports: [{ port: 80 }] }\n",
    );
    expect(lbServiceContract(legacy, seed, compatFor("1.18.11")).requested).toEqual([
      "192.168.5.60",
      "192.168.5.61",
    ]);
    const current = service(
      "metadata: { name: a, namespace: x, annotations: { lbipam.cilium.io/ips: 192.168.5.60 } }\nspec: { type: LoadBalancer }\n",
    );
    // 1.15 reads only io.cilium/lb-ipam-ips: the current name asks for nothing there.
    expect(lbServiceContract(current, seed, compatFor("1.15.19")).requested).toEqual([]);
    const foreign = service(
      "metadata: { name: b, namespace: x, annotations: { lbipam.cilium.io/sharing-key: k } }\nspec: { type: LoadBalancer, loadBalancerClass: metallb }\n",
    );
    const contract = lbServiceContract(foreign, seed, compatFor("1.18.11"));
    expect(contract.notHandled).toContain("loadBalancerClass metallb is not Cilium's");
    expect(sharingGroups([contract, { ...contract, name: "c" }]).size).toBe(0);
  });

  it("finds no pool and no policy when their selectors do not take the Service", () => {
    const pool = parseManifests(
      "apiVersion: cilium.io/v2\nkind: CiliumLoadBalancerIPPool\nmetadata: { name: p }\nspec: { serviceSelector: { matchLabels: { lb: home } }, blocks: [{ cidr: 192.168.5.64/28 }] }\n",
      "pool.yaml",
    );
    const policy = parseManifests(
      "apiVersion: cilium.io/v2alpha1\nkind: CiliumL2AnnouncementPolicy\nmetadata: { name: l2 }\nspec: { loadBalancerIPs: true, serviceSelector: { matchLabels: { io.kubernetes.service.name: other } } }\n",
      "l2.yaml",
    );
    const unlabelled = service("metadata: { name: a, namespace: x }\nspec: { type: LoadBalancer }\n");
    expect(
      lbServiceContract(unlabelled, { pools: pool, l2Policies: policy }, compatFor("1.18.11")),
    ).toMatchObject({
      pools: [],
      announcedBy: [],
    });
    const labelled = service(
      "metadata: { name: other, namespace: x, labels: { lb: home } }\nspec: { type: LoadBalancer }\n",
    );
    expect(
      lbServiceContract(labelled, { pools: pool, l2Policies: policy }, compatFor("1.18.11")),
    ).toMatchObject({
      pools: ["p"],
      announcedBy: ["l2"],
    });
  });

  it("groups Services the way LB-IPAM shares an address: one key and no port used twice with one protocol", () => {
    const services = parseManifests(
      [
        "apiVersion: v1\nkind: Service\nmetadata: { name: a, namespace: x, annotations: { lbipam.cilium.io/sharing-key: k } }\nspec: { type: LoadBalancer, loadBalancerIP: 192.168.5.70, ports: [{ port: 53, protocol: UDP }] }\n",
        "apiVersion: v1\nkind: Service\nmetadata: { name: b, namespace: x, annotations: { lbipam.cilium.io/sharing-key: k } }\nspec: { type: LoadBalancer, ports: [{ port: 53, protocol: UDP }] }\n",
        "apiVersion: v1\nkind: Service\nmetadata: { name: c, namespace: x, annotations: { lbipam.cilium.io/sharing-key: k } }\nspec: { type: LoadBalancer, ports: [{ port: 53, protocol: TCP }] }\n",
      ].join("---\n"),
      "apps/svc.yaml",
    );
    const repo = { pools: [], l2Policies: [], services };
    const contracts = services.map((manifest) => lbServiceContract(manifest, repo, compatFor("1.18.11")));
    // spec.loadBalancerIP is a request too (getSVCRequestedIPs).
    expect(contracts[0]!.requested).toEqual(["192.168.5.70"]);
    // b's 53/UDP clashes with a's: LB-IPAM gives b another address, so only a and c share one.
    expect(contracts.map((contract) => contract.sharedWith)).toEqual([["x/c"], [], ["x/a"]]);
    expect(
      [...sharingGroups(contracts).entries()].map(([key, members]) => [key, members.map((m) => m.name)]),
    ).toEqual([["x/k", ["a", "c"]]]);
  });
});
