import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RepoNamespaces } from "../../../src/conformance/repo-contracts/repo-namespaces.ts";
import { suiteLabels } from "../../../src/conformance/suite-namespace.ts";
import { type FakeCluster, startFakeCluster } from "../../k8s/support/fake-cluster.ts";

const RUN = "20261203-093000-c0de";
const labels = suiteLabels("repo-contracts", RUN);
const ns = (name: string) => ({ apiVersion: "v1", kind: "Namespace", name });

function service(namespace: string, name: string) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80 }] },
  };
}

describe("RepoNamespaces against the wire-format API server", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["tools"] });
  });
  afterEach(() => cluster.close());

  it("creates only the namespaces the cluster lacks, labelled as the run's, and applies the repo's objects into them", async () => {
    const repo = await RepoNamespaces.prepare(
      cluster.client,
      ["monitoring", "tools", "gateway", "monitoring"],
      labels,
    );
    expect(repo.created).toEqual(["gateway", "monitoring"]);
    expect(cluster.api.get(ns("monitoring"))).toMatchObject({ metadata: { labels } });
    // A namespace that was there keeps its labels: the suite does not own it.
    const tools = cluster.api.get(ns("tools")) as { metadata: { labels?: Record<string, string> } };
    expect(tools.metadata.labels?.["io.cilium-conformance/run-id"]).toBeUndefined();
    const applied = await repo.apply([
      service("monitoring", "grafana"),
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "home-gateway", namespace: "gateway" },
        spec: { gatewayClassName: "cilium", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] },
      },
      service("tools", "dns"),
    ]);
    expect(
      applied.map((object) => `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`),
    ).toEqual(["Service monitoring/grafana", "Gateway gateway/home-gateway", "Service tools/dns"]);
  });

  it("removes the namespaces it created and, in one that was there, only the objects it applied", async () => {
    cluster.api.put(service("tools", "keep-me"));
    const repo = await RepoNamespaces.prepare(cluster.client, ["monitoring", "tools"], labels);
    await repo.apply([service("monitoring", "grafana"), service("tools", "dns")]);
    const removal = await repo.remove(5000);
    expect(removal).toEqual({ removed: ["Service tools/dns", "Namespace monitoring"], errors: [] });
    expect(cluster.api.get(ns("monitoring"))).toBeUndefined();
    expect(cluster.api.get(ns("tools"))).toBeDefined();
    expect(
      cluster.api.get({ apiVersion: "v1", kind: "Service", namespace: "tools", name: "keep-me" }),
    ).toBeDefined();
    expect(
      cluster.api.get({ apiVersion: "v1", kind: "Service", namespace: "tools", name: "dns" }),
    ).toBeUndefined();
  });

  it("adopts a namespace an earlier attempt of the same run created, and leaves another run's alone", async () => {
    cluster.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring", labels } });
    cluster.api.put({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "gateway", labels: suiteLabels("repo-contracts", "another-run") },
    });
    const repo = await RepoNamespaces.prepare(cluster.client, ["monitoring", "gateway"], labels);
    expect(repo.created).toEqual(["monitoring"]);
  });

  it("reports a deletion that failed and goes on with the others", async () => {
    const repo = await RepoNamespaces.prepare(cluster.client, ["monitoring"], labels);
    await repo.apply([service("tools", "dns")]);
    cluster.api.deletionDelayMs = 60_000;
    const removal = await repo.remove(300);
    expect(removal.removed).toEqual(["Service tools/dns"]);
    expect(removal.errors).toHaveLength(1);
    expect(removal.errors[0]).toMatch(/^Namespace monitoring: .*namespaceGone/);
  });
});
