import { describe, expect, it } from "vitest";
import { candidateNames, parseResolvConf } from "../../../rehearsal/cilium/pod-dns.ts";

const clusterFirst = parseResolvConf(
  "search kube-system.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
);

describe("pod DNS (resolv.conf(5))", () => {
  it("reads the kubelet's ClusterFirst resolv.conf", () => {
    expect(clusterFirst).toEqual({
      nameservers: ["10.96.0.10"],
      search: ["kube-system.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      ndots: 5,
    });
  });

  it("tries the search list first below ndots, the name first at or above it, and an absolute name alone", () => {
    expect(candidateNames("hubble-relay", clusterFirst)[0]).toBe(
      "hubble-relay.kube-system.svc.cluster.local",
    );
    expect(candidateNames("a.b.c.d.e.f", clusterFirst)[0]).toBe("a.b.c.d.e.f");
    expect(candidateNames("hubble-peer.kube-system.svc.cluster.local.", clusterFirst)).toEqual([
      "hubble-peer.kube-system.svc.cluster.local",
    ]);
  });
});
