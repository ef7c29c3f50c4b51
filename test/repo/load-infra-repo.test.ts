// The loader on the embedded homelab: every value it reports must point at the right file:line.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { fixtureRoot } from "../support/temp-repo.ts";

const model = loadInfraRepo(fixtureRoot);
const VALUES = "infra/controllers/cilium/values.yaml";
const RELEASE = "infra/controllers/cilium/helm-release.yaml";

/** The 1-based line of the first line in a fixture file that matches. */
function lineOf(file: string, pattern: RegExp): number {
  const lines = readFileSync(path.join(fixtureRoot, file), "utf8").split("\n");
  const index = lines.findIndex((line) => pattern.test(line));
  if (index === -1) throw new Error(`${file} has no line matching ${pattern}`);
  return index + 1;
}

describe("loadInfraRepo on fixtures/homelab", () => {
  it("finds the Cilium HelmRelease, its pinned version and its HelmRepository", () => {
    const release = model.helmRelease;
    expect(release.apiVersion).toBe("helm.toolkit.fluxcd.io/v2");
    expect(release.chart).toBe("cilium");
    expect(release.version).toBe("1.18.11");
    expect(release.versionLocation).toEqual({ file: RELEASE, line: lineOf(RELEASE, /version: 1\.18\.11/) });
    expect(release.targetNamespace).toBe("kube-system");
    expect(release.source).toEqual({
      kind: "HelmRepository",
      url: "https://helm.cilium.io/",
      name: "cilium",
      namespace: "kube-system",
      location: { file: "infra/controllers/cilium/helm-repository.yaml", line: 1 },
    });
  });

  it("merges the generated ConfigMap first, then inline spec.values", () => {
    expect(model.values.layers).toEqual([
      {
        description:
          "valuesFrom ConfigMap cilium-values (key values.yaml, from the configMapGenerator in infra/controllers/cilium/kustomization.yaml)",
        file: VALUES,
      },
      { description: "spec.values", file: RELEASE },
    ]);
    expect(model.values.get("operator")).toEqual({ replicas: 1, rollOutPods: true });
    expect(model.values.get("rollOutCiliumPods")).toBe(true);
  });

  it.each([
    ["kubeProxyReplacement", true, VALUES, /^kubeProxyReplacement:/],
    ["k8sServiceHost", "192.168.5.10", VALUES, /^k8sServiceHost:/],
    ["k8sServicePort", 6443, VALUES, /^k8sServicePort:/],
    ["l2announcements.enabled", true, VALUES, /^ {2}enabled: true/],
    ["l2announcements.leaseDuration", "15s", VALUES, /leaseDuration:/],
    ["k8sClientRateLimit.qps", 30, VALUES, /qps:/],
    ["k8sClientRateLimit.burst", 60, VALUES, /burst:/],
    ["externalIPs.enabled", true, VALUES, /^externalIPs:/],
    ["gatewayAPI.enabled", true, VALUES, /^gatewayAPI:/],
    ["hubble.enabled", true, VALUES, /^hubble:/],
    ["hubble.relay.enabled", true, VALUES, /^ {2}relay:/],
    ["hubble.ui.enabled", true, VALUES, /^ {2}ui:/],
    ["operator.replicas", 1, VALUES, /replicas: 1/],
    ["operator.rollOutPods", true, RELEASE, /rollOutPods: true/],
    ["rollOutCiliumPods", true, RELEASE, /rollOutCiliumPods: true/],
  ])("%s is %j at its file:line", (key, value, file, pattern) => {
    expect(model.values.get(key)).toEqual(value);
    // For a nested key the pattern names its parent line; the value sits on that line or just below.
    const expected = lineOf(file, pattern);
    const actual = model.values.locate(key);
    expect(actual.file).toBe(file);
    expect(actual.line - expected).toBeGreaterThanOrEqual(0);
    expect(actual.line - expected).toBeLessThanOrEqual(1);
    const text = readFileSync(path.join(fixtureRoot, file), "utf8").split("\n")[actual.line - 1]!;
    expect(text).toContain(key.split(".").pop()!);
  });

  it("collects the pool, the L2 policy and the Gateway API objects", () => {
    expect(model.pools.map((m) => m.name)).toEqual(["home-compute-pool"]);
    const pool = model.pools[0]!;
    const poolFile = "infra/configs/cilium/load-balancer-ip-pool.yaml";
    expect(pool.location).toEqual({ file: poolFile, line: 1 });
    expect(pool.lineOf(["spec", "blocks", 0, "start"])).toBe(lineOf(poolFile, /start: 192\.168\.5\.30/));
    expect(pool.lineOf(["spec", "blocks", 0, "stop"])).toBe(lineOf(poolFile, /stop: 192\.168\.5\.255/));
    expect(model.l2Policies.map((m) => m.name)).toEqual(["home-l2-policy"]);
    expect(model.gatewayClasses).toEqual([]);
    expect(model.gateways.map((m) => `${m.namespace}/${m.name}`)).toEqual(["gateway/home-gateway"]);
    expect(model.httpRoutes.map((m) => `${m.namespace}/${m.name}`).sort()).toEqual([
      "homepage/homepage",
      "monitoring/grafana",
      "whoami/whoami",
    ]);
  });

  it("keeps every Service (the routes' backends too), the LoadBalancer ones apart, and no other route kinds", () => {
    expect(model.allServices?.map((m) => `${m.namespace}/${m.name}`).sort()).toEqual([
      "homepage/homepage",
      "pihole/pihole-dns-tcp",
      "pihole/pihole-dns-udp",
      "whoami/whoami",
    ]);
    expect(model.services?.map((m) => m.name).sort()).toEqual(["pihole-dns-tcp", "pihole-dns-udp"]);
    expect(model.otherRoutes).toEqual([]);
  });

  it("applies defaults when there is no .cilium-conformance.yaml", () => {
    expect(model.config.file).toBeUndefined();
    expect(model.config.paths.values).toBe(VALUES);
    expect(model.config.paths.scan).toEqual(["."]);
    expect(Object.values(model.config.promises).every(Boolean)).toBe(true);
    expect(model.config.lan).toEqual({
      cidr: undefined,
      gateway: undefined,
      nics: undefined,
      dhcpRange: undefined,
    });
  });

  it("lists the YAML files it read, repo-relative", () => {
    expect(model.root).toBe(fixtureRoot);
    expect(model.files).toContain(VALUES);
    expect(model.files).toContain("apps/whoami/whoami.yaml");
    expect(model.files.every((file) => !path.isAbsolute(file) && !file.includes("\\"))).toBe(true);
  });
});
