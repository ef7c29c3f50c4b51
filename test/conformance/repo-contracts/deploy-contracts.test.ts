// The suite's setup against the wire-format API server: the seed repo's contracts go in, in the
// order a real cluster needs, into the namespaces the repo names, and the stand-ins are waited for.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compatFor } from "../../../src/compat/compat-for.ts";
import { contractSet } from "../../../src/conformance/repo-contracts/contract-set.ts";
import { deployContracts } from "../../../src/conformance/repo-contracts/deploy-contracts.ts";
import type { RepoNamespaces } from "../../../src/conformance/repo-contracts/repo-namespaces.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { type FakeCluster, startFakeCluster } from "../../k8s/support/fake-cluster.ts";
import { fixtureRoot } from "../../support/temp-repo.ts";

const RUN = "20261203-095500-d00d";
const set = contractSet(loadInfraRepo(fixtureRoot), compatFor("1.18.11"));
const STAND_INS = set.standIns.standIns.map((standIn) => ({
  namespace: standIn.namespace,
  name: standIn.name,
}));

type Json = Record<string, unknown> & { metadata: { generation?: number; labels?: Record<string, string> } };

/** Stands in for the Deployment controller: marks each stand-in rolled out once it exists. */
function rollOut(cluster: FakeCluster, only: (name: string) => boolean = () => true): () => void {
  const timer = setInterval(() => {
    for (const ref of STAND_INS) {
      if (!only(ref.name)) continue;
      const deployment = cluster.api.get({ apiVersion: "apps/v1", kind: "Deployment", ...ref }) as
        | Json
        | undefined;
      if (!deployment || deployment.status) continue;
      cluster.api.put({
        ...deployment,
        status: {
          observedGeneration: deployment.metadata.generation ?? 1,
          replicas: 1,
          updatedReplicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
        },
      });
    }
  }, 20);
  return () => clearInterval(timer);
}

describe("deployContracts against the wire-format API server", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster();
  });
  afterEach(() => cluster.close());

  it("applies the seed's Services, stand-ins, Gateway and routes in order into the repo's namespaces, then waits for the stand-ins", async () => {
    const stop = rollOut(cluster);
    const tracked: string[] = [];
    const repo = await deployContracts({
      client: cluster.client,
      set,
      runId: RUN,
      image: "echo:1",
      podsReadyBudgetMs: 5000,
      track: (ref) => tracked.push(`${ref.kind} ${ref.namespace}/${ref.name}`),
    }).finally(stop);
    expect(repo.created).toEqual(["gateway", "homepage", "monitoring", "pihole", "whoami"]);
    expect(tracked).toEqual([
      "Service homepage/homepage",
      "Service monitoring/grafana",
      "Service pihole/pihole-dns-tcp",
      "Service pihole/pihole-dns-udp",
      "Service whoami/whoami",
      "Deployment homepage/homepage-stand-in",
      "Deployment monitoring/grafana-stand-in",
      "Deployment pihole/pihole-dns-tcp-stand-in",
      "Deployment whoami/whoami-stand-in",
      "Gateway gateway/home-gateway",
      "HTTPRoute monitoring/grafana",
      "HTTPRoute homepage/homepage",
      "HTTPRoute whoami/whoami",
    ]);
    // The repo's Service as written (its annotations ask LB-IPAM for .53); the made-up one is labelled as the run's.
    const dns = cluster.api.get({
      apiVersion: "v1",
      kind: "Service",
      namespace: "pihole",
      name: "pihole-dns-tcp",
    }) as Json;
    expect(dns.metadata).toMatchObject({
      annotations: { "lbipam.cilium.io/ips": "192.168.5.53", "lbipam.cilium.io/sharing-key": "pihole-dns" },
    });
    expect(dns.metadata.labels?.["io.cilium-conformance/run-id"]).toBeUndefined();
    const grafana = cluster.api.get({
      apiVersion: "v1",
      kind: "Service",
      namespace: "monitoring",
      name: "grafana",
    }) as Json;
    expect(grafana.metadata.labels).toMatchObject({ "io.cilium-conformance/run-id": RUN });
    const standIn = cluster.api.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      namespace: "pihole",
      name: "pihole-dns-tcp-stand-in",
    }) as Json & { spec: { template: { metadata: { labels: Record<string, string> } } } };
    expect(standIn.spec.template.metadata.labels).toMatchObject({
      app: "pihole",
      "io.cilium-conformance/run-id": RUN,
    });
    const removal = await repo.remove(5000);
    expect(removal.errors).toEqual([]);
    expect(cluster.api.get({ apiVersion: "v1", kind: "Namespace", name: "pihole" })).toBeUndefined();
  });

  it("names the stand-in that never rolls out, and has handed the namespaces over for cleanup", async () => {
    const stop = rollOut(cluster, (name) => name !== "whoami-stand-in");
    let prepared: RepoNamespaces | undefined;
    await expect(
      deployContracts({
        client: cluster.client,
        set,
        runId: RUN,
        image: "echo:1",
        podsReadyBudgetMs: 400,
        onPrepared: (repo) => {
          prepared = repo;
        },
      }).finally(stop),
    ).rejects.toThrow(/podsReady.*stand-in Deployment whoami\/whoami-stand-in not rolled out/s);
    expect(prepared?.created).toContain("whoami");
    expect((await prepared!.remove(5000)).errors).toEqual([]);
  });
});
