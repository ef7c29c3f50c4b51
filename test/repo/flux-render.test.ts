// The repo read the way Flux builds it, through both renderers: the real kustomize (`kustomize` or
// `kubectl kustomize` on PATH — required here, this test fails rather than skips without one) and
// the in-process fallback. Each case is a Flux behaviour the old loader got wrong.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runChecks } from "../../src/checks/run-checks.ts";
import { findKustomize, KUSTOMIZE_ENV } from "../../src/repo/flux/kustomize-binary.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { fixtureRoot, fixtureWith, piholeFix, yaml } from "../support/temp-repo.ts";

const POOL = "infra/configs/cilium/load-balancer-ip-pool.yaml";
const CONFIGS = "infra/configs/cilium/kustomization.yaml";
const fixture = (file: string) => readFileSync(path.join(fixtureRoot, file), "utf8");

describe("a kustomize binary", () => {
  it("is on PATH (kustomize, or kubectl kustomize): the Flux-faithful path needs one", () => {
    const found = findKustomize({ ...process.env, [KUSTOMIZE_ENV]: "auto" });
    expect(found, "install kustomize or kubectl (scripts/setup.sh checks for one)").toBeDefined();
  });
});

// `auto` builds in-process where that is exact (test/repo/flux/fast-path.test.ts) and with the
// binary elsewhere; the binary's own name forces it for every build.
const FORCED =
  findKustomize({ ...process.env, [KUSTOMIZE_ENV]: "auto" })?.file === "kubectl" ? "kubectl" : "kustomize";

describe.each(["builtin", "auto", FORCED])("rendering with %s", (renderer) => {
  const load = (root: string) => loadInfraRepo(root, { env: { ...process.env, [KUSTOMIZE_ENV]: renderer } });

  it(`renders the seed with ${renderer === "builtin" ? "the in-process renderer" : renderer === "auto" ? "the exact fast path" : "the real kustomize"}`, () => {
    const model = load(fixtureRoot);
    expect(model.rendering?.mode).toBe("flux");
    if (renderer === "builtin") expect(model.rendering?.renderer).toBe("in-process");
    else if (renderer === "auto") expect(model.rendering?.renderer).toBe("in-process (exact)");
    else expect(model.rendering?.renderer).toMatch(/^(kustomize build|kubectl kustomize)$/);
    expect(model.pools.map((p) => p.name)).toEqual(["home-compute-pool"]);
    expect(model.values.get("k8sServiceHost")).toBe("192.168.5.10");
    expect(model.values.locate("k8sServiceHost").file).toBe("infra/controllers/cilium/values.yaml");
  });

  it("does not apply a file no kustomization lists, and says so", () => {
    const root = fixtureWith({
      "infra/configs/cilium/extra-pool.yaml": yaml`
        apiVersion: cilium.io/v2
        kind: CiliumLoadBalancerIPPool
        metadata:
          name: forgotten-pool
        spec:
          blocks:
            - cidr: 192.168.5.0/24
      `,
    });
    const model = load(root);
    expect(model.pools.map((p) => p.name)).toEqual(["home-compute-pool"]);
    const note = runChecks(model).find((f) => f.id === "not-applied");
    expect(note).toMatchObject({ severity: "info", file: "infra/configs/cilium/extra-pool.yaml", line: 1 });
    expect(note!.message).toContain("in no Flux Kustomization's build");
  });

  it("applies a kustomize JSON 6902 patch to the pool and a Flux spec.patches to the HelmRelease values", () => {
    const root = fixtureWith({
      [CONFIGS]: `${fixture(CONFIGS)}patches:
  - target:
      kind: CiliumLoadBalancerIPPool
      name: home-compute-pool
    patch: |
      - op: replace
        path: /spec/blocks/0/stop
        value: 192.168.5.200
`,
      "clusters/homelab/infra-controllers.yaml": `${fixture("clusters/homelab/infra-controllers.yaml")}  patches:
    - target:
        kind: HelmRelease
        name: cilium
      patch: |
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: cilium
        spec:
          values:
            hubble:
              relay:
                enabled: false
`,
    });
    const model = load(root);
    const blocks = (model.pools[0]!.body.spec as { blocks: { stop: string }[] }).blocks;
    expect(blocks[0]!.stop).toBe("192.168.5.200");
    // The patched value keeps pointing at the pool's file and line.
    expect(model.pools[0]!.location).toEqual({ file: POOL, line: 1 });
    expect(runChecks(model).some((f) => f.id === "pool-includes-broadcast-address")).toBe(false);
    expect(model.values.get("hubble.relay.enabled")).toBe(false);
  });

  it("applies a kustomization's strategic-merge patch file to the HelmRelease and to a pool", () => {
    const controllers = "infra/controllers/cilium/kustomization.yaml";
    const root = fixtureWith({
      [controllers]: `${fixture(controllers)}patches:
  - path: release-patch.yaml
`,
      "infra/controllers/cilium/release-patch.yaml": yaml`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: cilium
          namespace: kube-system
        spec:
          values:
            hubble:
              ui:
                enabled: false
      `,
      [CONFIGS]: `${fixture(CONFIGS)}patches:
  - path: pool-patch.yaml
`,
      "infra/configs/cilium/pool-patch.yaml": yaml`
        apiVersion: cilium.io/v2
        kind: CiliumLoadBalancerIPPool
        metadata:
          name: home-compute-pool
        spec:
          disabled: true
      `,
    });
    const model = load(root);
    expect(model.values.get("hubble.ui.enabled")).toBe(false);
    expect((model.pools[0]!.body.spec as { disabled?: boolean }).disabled).toBe(true);
    expect(runChecks(model).some((f) => f.id === "pool-disabled")).toBe(true);
  });

  it("substitutes Flux postBuild variables (substitute, substituteFrom, defaults) before checking", () => {
    const root = fixtureWith({
      ...piholeFix(),
      [POOL]: fixture(POOL)
        .replace("192.168.5.30", "${LB_START}")
        .replace("192.168.5.255", "${LB_STOP:=192.168.5.240}"),
      "clusters/homelab/cluster-vars.yaml": yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cluster-vars
          namespace: flux-system
        data:
          LB_START: 192.168.5.40
      `,
      "clusters/homelab/infra-configs.yaml": `${fixture("clusters/homelab/infra-configs.yaml")}  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
`,
    });
    const model = load(root);
    const block = (model.pools[0]!.body.spec as { blocks: { start: string; stop: string }[] }).blocks[0]!;
    expect(block).toEqual({ start: "192.168.5.40", stop: "192.168.5.240" });
    const findings = runChecks(model);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("reads kind: List documents and .json manifests that a kustomization lists", () => {
    const root = fixtureWith({
      [CONFIGS]: fixture(CONFIGS).replace(
        "  - l2-announcement-policy.yaml\n",
        "  - l2-announcement-policy.yaml\n  - more-pools.yaml\n  - json-pool.json\n",
      ),
      "infra/configs/cilium/more-pools.yaml": yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: cilium.io/v2
            kind: CiliumLoadBalancerIPPool
            metadata:
              name: list-pool
            spec:
              blocks:
                - start: 192.168.6.10
                  stop: 192.168.6.20
      `,
      "infra/configs/cilium/json-pool.json": JSON.stringify({
        apiVersion: "cilium.io/v2",
        kind: "CiliumLoadBalancerIPPool",
        metadata: { name: "json-pool" },
        spec: { blocks: [{ start: "192.168.7.10", stop: "192.168.7.20" }] },
      }),
    });
    const model = load(root);
    expect(model.pools.map((p) => p.name).sort()).toEqual(["home-compute-pool", "json-pool", "list-pool"]);
    const listPool = model.pools.find((p) => p.name === "list-pool")!;
    expect(listPool.location.file).toBe("infra/configs/cilium/more-pools.yaml");
    expect(listPool.lineOf(["spec", "blocks", 0, "start"])).toBe(10);
  });

  it("reports a HelmRelease whose sourceRef resolves to nothing", () => {
    const root = fixtureWith({ "infra/controllers/cilium/helm-repository.yaml": "" });
    const findings = runChecks(load(root));
    expect(findings.find((f) => f.id === "helm-release-source-missing")).toMatchObject({
      severity: "warning",
      file: "infra/controllers/cilium/helm-release.yaml",
      line: 12,
    });
  });
});
