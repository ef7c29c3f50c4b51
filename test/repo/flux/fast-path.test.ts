// The exact fast path, held to the real kustomize: a corpus of small repos (the seed, the
// rehearsal's variant repos, one case per supported feature and one per reason to fall back) is
// rendered with the fast path allowed (CILIUM_CONFORMANCE_KUSTOMIZE unset) and with the binary
// forced. Where the fast path is taken the objects must be identical; each divergent case must
// go to the binary with its named reason. Needs `kustomize` or `kubectl` on PATH: without one
// every test here fails (it does not skip), as in test/repo/flux-render.test.ts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VARIANTS, writeVariantRepo } from "../../../rehearsal/variant-repos.ts";
import type { FastPathReason } from "../../../src/repo/flux/fast-path-blockers.ts";
import { findKustomize, KUSTOMIZE_ENV } from "../../../src/repo/flux/kustomize-binary.ts";
import { FAST_PATH_LABEL, type RenderedRepo, renderRepo } from "../../../src/repo/flux/render-repo.ts";
import { RepoFiles } from "../../../src/repo/repo-files.ts";
import { indexRepo } from "../../../src/repo/repo-index.ts";
import { fixtureRoot, writeRepo, yaml } from "../../support/temp-repo.ts";

const binary = findKustomize({ ...process.env, [KUSTOMIZE_ENV]: "auto" });
const FORCED = binary?.file === "kubectl" ? "kubectl" : "kustomize";

function render(root: string, policy: string): RenderedRepo {
  if (!binary)
    throw new Error("no kustomize on PATH (nor kubectl): install one (scripts/setup.sh checks for it)");
  const files = new RepoFiles(root);
  const raw = indexRepo(files, files.listYamlFiles(["."]));
  return renderRepo({
    files,
    scan: ["."],
    raw: raw.manifests,
    env: { ...process.env, [KUSTOMIZE_ENV]: policy },
  });
}

/** The rendered objects, in a stable order, with the file each is said to come from. */
function objects(rendered: RenderedRepo): string[] {
  return rendered.manifests
    .map(({ manifest }) => canonical({ from: manifest.location.file, body: manifest.body }))
    .sort();
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function expectSameAsKustomize(root: string): RenderedRepo {
  const fast = render(root, "auto");
  const real = render(root, FORCED);
  expect(real.builds.every((build) => build.by === binary?.label)).toBe(true);
  expect(real.notes.filter((note) => note.id === "flux-build-fails")).toEqual([]);
  expect(objects(fast)).toEqual(objects(real));
  expect(fast.notes).toEqual(real.notes);
  return fast;
}

/** A repo with one Flux Kustomization building ./app (spec fields added to it). */
function appRepo(app: Record<string, string>, fluxSpec = ""): string {
  const files: Record<string, string> = {
    "clusters/home/app.yaml": `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: app
  namespace: flux-system
spec:
  interval: 10m
  sourceRef:
    kind: GitRepository
    name: flux-system
  path: ./app
${fluxSpec}`,
  };
  for (const [file, text] of Object.entries(app)) files[`app/${file}`] = text;
  return writeRepo(files);
}

const configMap = (name: string, data = "  a: b\n") => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
${data}`;

describe("a kustomize binary for the differential test", () => {
  it("is on PATH (kustomize, or kubectl kustomize)", () => {
    expect(binary, "install kustomize or kubectl (scripts/setup.sh checks for one)").toBeDefined();
  });
});

describe("where the fast path is taken, the objects are the real kustomize's", () => {
  it("on the seed repo, every build in-process", () => {
    const fast = expectSameAsKustomize(fixtureRoot);
    expect(fast.builds.length).toBeGreaterThanOrEqual(4);
    expect(fast.builds.filter((build) => build.by !== FAST_PATH_LABEL)).toEqual([]);
    expect(fast.renderer).toBe(FAST_PATH_LABEL);
    // The generated values carry kustomize's hash, and the HelmRelease points at it.
    const names = fast.manifests.map(({ manifest }) => manifest.name);
    expect(names).toContain("cilium-values-ffkh4kkd2h");
  });

  it.each(VARIANTS)("on the rehearsal's variant repo %s", async (variant) => {
    const root = await writeVariantRepo(variant, mkdtempSync(path.join(tmpdir(), "cc-variant-")));
    const fast = expectSameAsKustomize(root);
    expect(fast.builds.filter((build) => build.by !== FAST_PATH_LABEL)).toEqual([]);
  });

  const supported: Record<string, [Record<string, string>, string?]> = {
    "namespace over built-in namespaced and cluster-scoped kinds and a CRD": [
      {
        "kustomization.yaml": "namespace: web\nresources:\n  - all.yaml\n",
        "all.yaml": yaml`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: web
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: elsewhere
          spec:
            replicas: 2
            template:
              spec:
                containers:
                  - name: web
                    image: nginx:1.27
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata:
            name: reader
          rules: []
          ---
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata:
            name: web
          spec:
            interval: 1h
        `,
      },
    ],
    "Flux's generated listing (no kustomization) with a sub-folder that has one, and a List": [
      {
        "a.yaml": configMap("a"),
        "sub/kustomization.yaml": "resources:\n  - b.yaml\n",
        "sub/b.yaml": configMap("b"),
        "deep/list.yaml": yaml`
          apiVersion: v1
          kind: List
          items:
            - apiVersion: v1
              kind: Service
              metadata:
                name: s1
              spec:
                ports:
                  - port: 80
            - apiVersion: v1
              kind: ServiceAccount
              metadata:
                name: sa
        `,
      },
    ],
    "spec.targetNamespace": [
      { "kustomization.yaml": "resources:\n  - cm.yaml\n", "cm.yaml": configMap("c") },
      "  targetNamespace: team\n",
    ],
    "a configMapGenerator (files, key=path, literals) referenced through configurations": [
      {
        "kustomization.yaml": yaml`
          namespace: apps
          resources:
            - release.yaml
          configMapGenerator:
            - name: values
              files:
                - values.yaml
                - other=extra.txt
              literals:
                - mode=fast
                - quoted="two words"
                - single='x=y'
                - empty=
            - name: more
              files:
                - sub/nested.conf
          configurations:
            - config.yaml
        `,
        "values.yaml": "replicas: 2\nimage:\n  tag: 'yes'   # quoted\n\n",
        "extra.txt": "line one\n  <b>&amp;</b>\ttab\n",
        "sub/nested.conf": "k = v\n",
        "config.yaml": yaml`
          nameReference:
            - kind: ConfigMap
              version: v1
              fieldSpecs:
                - path: spec/valuesFrom/name
                  kind: HelmRelease
        `,
        "release.yaml": yaml`
          apiVersion: helm.toolkit.fluxcd.io/v2
          kind: HelmRelease
          metadata:
            name: app
          spec:
            interval: 1h
            valuesFrom:
              - kind: ConfigMap
                name: values
              - kind: Secret
                name: other-secret
        `,
      },
    ],
    "scalars both readers agree on, and multi-document files with empty documents": [
      {
        "kustomization.yaml": "resources:\n  - cm.yaml\n  - svc.json\n",
        "cm.yaml": `---
# a comment
---
${configMap(
  "scalars",
  `  t: "yes"
  version: 1.16.5
  cidr: 192.168.5.0/24
  cpu: 100m
  quoted: 'on'
`,
)}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  labels:
    tier: "2"
spec:
  replicas: 3
  paused: false
  progressDeadlineSeconds: 600
  revisionHistoryLimit: 0
  strategy: ~
  template:
    metadata:
      annotations:
        ratio: "0.5"
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: c
          image: busybox
          args: [sleep, "1"]
          env:
            - name: LEVEL
              value: "-1.5"
`,
        "svc.json":
          '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "j"}, "spec": {"ports": [{"port": 53, "protocol": "UDP"}]}}\n',
      },
    ],
  };
  it.each(Object.entries(supported))("%s", (_name, [app, fluxSpec]) => {
    const fast = expectSameAsKustomize(appRepo(app, fluxSpec));
    expect(fast.builds.map((build) => [build.dir, build.by, build.blockers])).toContainEqual([
      "app",
      FAST_PATH_LABEL,
      [],
    ]);
  });
});

interface Divergent {
  app: Record<string, string>;
  fluxSpec?: string;
  reason: FastPathReason;
  /** Whether the in-process build really differs from kustomize here (else the rule is caution). */
  builtinDiffers: boolean;
}

const DIVERGENT: Record<string, Divergent> = {
  "an unquoted YAML 1.1 boolean (yes)": {
    app: { "kustomization.yaml": "resources:\n  - cm.yaml\n", "cm.yaml": configMap("c", "  enabled: yes\n") },
    reason: "yaml-scalar",
    builtinDiffers: true,
  },
  "an unquoted on as a map key": {
    app: { "kustomization.yaml": "resources:\n  - cm.yaml\n", "cm.yaml": configMap("c", "  on: x\n") },
    reason: "yaml-scalar",
    builtinDiffers: true,
  },
  "a timestamp-looking scalar": {
    app: {
      "kustomization.yaml": "resources:\n  - cm.yaml\n",
      "cm.yaml": configMap("c", "  day: 2024-01-02\n"),
    },
    reason: "yaml-scalar",
    builtinDiffers: true,
  },
  "a YAML 1.2 octal (0o17)": {
    app: {
      "kustomization.yaml": "resources:\n  - d.yaml\n",
      "d.yaml": yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          priority: 0o17
      `,
    },
    reason: "yaml-scalar",
    builtinDiffers: true,
  },
  "anchors and aliases": {
    app: {
      "kustomization.yaml": "resources:\n  - cm.yaml\n",
      "cm.yaml": configMap("c", "  a: &v one\n  b: *v\n"),
    },
    reason: "yaml-anchor-or-tag",
    builtinDiffers: false,
  },
  "namespace over a CRD kind the in-process table calls cluster-scoped": {
    app: {
      "kustomization.yaml": "namespace: net\nresources:\n  - pool.yaml\n",
      "pool.yaml": yaml`
        apiVersion: cilium.io/v2alpha1
        kind: CiliumLoadBalancerIPPool
        metadata:
          name: pool
        spec:
          blocks:
            - cidr: 192.168.5.0/24
      `,
    },
    reason: "namespace-scope",
    builtinDiffers: true,
  },
  "namespace over a Namespace of another name": {
    app: {
      "kustomization.yaml": "namespace: net\nresources:\n  - ns.yaml\n",
      "ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n",
    },
    reason: "namespace-renames-namespace",
    builtinDiffers: true,
  },
  "namespace over a binding's default subject": {
    app: {
      "kustomization.yaml": "namespace: net\nresources:\n  - rb.yaml\n",
      "rb.yaml": yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: rb
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: view
        subjects:
          - kind: ServiceAccount
            name: default
      `,
    },
    reason: "namespace-references",
    builtinDiffers: true,
  },
  "the same id twice": {
    app: {
      "kustomization.yaml": "resources:\n  - a.yaml\n  - b.yaml\n",
      "a.yaml": configMap("same"),
      "b.yaml": configMap("same", "  a: c\n"),
    },
    reason: "duplicate-id",
    builtinDiffers: true,
  },
  "a strategic merge patch of a Deployment's containers": {
    app: {
      "kustomization.yaml": yaml`
        resources:
          - d.yaml
        patches:
          - patch: |
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: d
              spec:
                template:
                  spec:
                    containers:
                      - name: b
                        image: two
      `,
      "d.yaml": yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          template:
            spec:
              containers:
                - name: a
                  image: one
      `,
    },
    reason: "patches",
    builtinDiffers: true,
  },
  "Flux spec.patches": {
    app: { "kustomization.yaml": "resources:\n  - cm.yaml\n", "cm.yaml": configMap("c") },
    fluxSpec:
      "  patches:\n    - patch: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n          name: c\n        data:\n          z: y\n",
    reason: "flux-patches",
    builtinDiffers: false,
  },
  "configurations with more than ConfigMap name references": {
    app: {
      "kustomization.yaml": "resources:\n  - cm.yaml\nconfigurations:\n  - config.yaml\n",
      "cm.yaml": configMap("c"),
      "config.yaml": "namePrefix:\n  - path: metadata/name\n",
    },
    reason: "configurations",
    builtinDiffers: false,
  },
  "configurations whose path meets a scalar (kustomize fails, generator or not)": {
    app: {
      "kustomization.yaml": "resources:\n  - r.yaml\nconfigurations:\n  - config.yaml\n",
      "r.yaml":
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: r\nspec:\n  valuesFrom: none\n",
      "config.yaml":
        "nameReference:\n  - kind: ConfigMap\n    fieldSpecs:\n      - path: spec/valuesFrom/name\n        kind: HelmRelease\n",
    },
    reason: "configurations",
    builtinDiffers: true,
  },
  "generator options (no hash suffix)": {
    app: {
      "kustomization.yaml":
        "configMapGenerator:\n  - name: g\n    literals:\n      - a=b\n    options:\n      labels:\n        x: y\n",
    },
    reason: "generator-options",
    builtinDiffers: true,
  },
  "a generator key twice": {
    app: {
      "kustomization.yaml": "configMapGenerator:\n  - name: g\n    literals:\n      - a=b\n      - a=c\n",
    },
    reason: "generator-options",
    builtinDiffers: true,
  },
  "a secretGenerator": {
    app: { "kustomization.yaml": "secretGenerator:\n  - name: s\n    literals:\n      - a=b\n" },
    reason: "secret-generator",
    builtinDiffers: true,
  },
  "a generated name referenced by a Deployment volume (kustomize's default name references)": {
    app: {
      "kustomization.yaml":
        "resources:\n  - d.yaml\nconfigMapGenerator:\n  - name: g\n    literals:\n      - a=b\n",
      "d.yaml": yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          template:
            spec:
              volumes:
                - name: v
                  configMap:
                    name: g
      `,
    },
    reason: "generated-name-referenced",
    builtinDiffers: true,
  },
  images: {
    app: {
      "kustomization.yaml": "resources:\n  - p.yaml\nimages:\n  - name: busybox\n    newTag: '1.36'\n",
      "p.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n",
    },
    reason: "kustomization-field",
    builtinDiffers: true,
  },
  "two kustomization files in one folder": {
    app: {
      "kustomization.yaml": "resources:\n  - a.yaml\n",
      "kustomization.yml": "resources:\n  - b.yaml\n",
      "a.yaml": configMap("a"),
      "b.yaml": configMap("b"),
    },
    reason: "kustomization-field",
    builtinDiffers: true,
  },
  "a Component listed as a resource": {
    app: {
      "kustomization.yaml": "resources:\n  - part\n",
      "part/kustomization.yaml":
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - cm.yaml\n",
      "part/cm.yaml": configMap("c"),
    },
    reason: "kustomization-field",
    builtinDiffers: true,
  },
  "a namespace that is a number": {
    app: { "kustomization.yaml": "namespace: 123\nresources:\n  - cm.yaml\n", "cm.yaml": configMap("c") },
    reason: "kustomization-field",
    builtinDiffers: true,
  },
  "a local-config object": {
    app: {
      "kustomization.yaml": "resources:\n  - cm.yaml\n",
      "cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n  annotations:\n    config.kubernetes.io/local-config: 'true'\n",
    },
    reason: "local-config",
    builtinDiffers: true,
  },
  "a field the in-process build does not apply (namePrefix)": {
    app: { "kustomization.yaml": "namePrefix: x-\nresources:\n  - cm.yaml\n", "cm.yaml": configMap("c") },
    reason: "render-note",
    builtinDiffers: true,
  },
  "one name in two namespaces": {
    app: {
      "kustomization.yaml": "resources:\n  - a\n  - b\n",
      "a/kustomization.yaml": "namespace: one\nresources:\n  - cm.yaml\n",
      "a/cm.yaml": configMap("same"),
      "b/kustomization.yaml": "namespace: two\nresources:\n  - cm.yaml\n",
      "b/cm.yaml": configMap("same"),
    },
    reason: "same-name-two-namespaces",
    builtinDiffers: false,
  },
};

describe("each reason to fall back sends the build to the real kustomize", () => {
  it.each(Object.entries(DIVERGENT))("%s", (_name, { app, fluxSpec, reason, builtinDiffers }) => {
    const root = appRepo(app, fluxSpec);
    const fast = render(root, "auto");
    const build = fast.builds.find((b) => b.dir === "app");
    expect(build?.by).toBe(binary?.label);
    expect(build?.blockers.map((blocker) => blocker.reason)).toContain(reason);
    // What the fallback gives is the binary's own build.
    const real = render(root, FORCED);
    expect(objects(fast)).toEqual(objects(real));
    if (builtinDiffers) {
      const builtin = render(root, "builtin");
      const failed = real.notes.some((note) => note.id === "flux-build-fails");
      expect(failed || canonical(objects(builtin)) !== canonical(objects(real))).toBe(true);
    }
  });

  it("a generated file that is not UTF-8 text (kustomize puts it in binaryData)", () => {
    const root = appRepo({
      "kustomization.yaml": "configMapGenerator:\n  - name: g\n    files:\n      - blob.bin\n",
    });
    writeFileSync(path.join(root, "app", "blob.bin"), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const fast = render(root, "auto");
    expect(fast.builds.find((b) => b.dir === "app")?.blockers.map((b) => b.reason)).toContain(
      "generator-binary-data",
    );
    expect(objects(fast)).toEqual(objects(render(root, FORCED)));
  });
});

describe("the policy", () => {
  it("forces the binary for every build when CILIUM_CONFORMANCE_KUSTOMIZE names one", () => {
    const real = render(fixtureRoot, FORCED);
    expect(real.renderer).toBe(binary?.label);
    expect(real.builds.every((build) => build.by === binary?.label)).toBe(true);
  });

  it("without a binary, says which build could not be exact and why (flux-renderer)", () => {
    const root = appRepo({
      "kustomization.yaml": "resources:\n  - cm.yaml\n",
      "cm.yaml": configMap("c", "  on: x\n"),
    });
    const files = new RepoFiles(root);
    const raw = indexRepo(files, files.listYamlFiles(["."]));
    const bare = renderRepo({ files, scan: ["."], raw: raw.manifests, env: { PATH: "" } });
    expect(bare.builds.find((b) => b.dir === "app")?.by).toBe("in-process");
    const note = bare.notes.find((n) => n.id === "flux-renderer");
    expect(note?.message).toMatch(
      /no kustomize on PATH.*Kustomization flux-system\/app: yaml-scalar at app\/cm\.yaml:6/,
    );
    const forced = renderRepo({
      files,
      scan: ["."],
      raw: raw.manifests,
      env: { PATH: "", [KUSTOMIZE_ENV]: "kubectl" },
    });
    expect(forced.notes.find((n) => n.id === "flux-renderer")?.message).toContain(
      "CILIUM_CONFORMANCE_KUSTOMIZE=kubectl names no kustomize that runs",
    );
  });

  it("needs no binary when every build is exact (none on PATH, no flux-renderer note)", () => {
    const fast = render(fixtureRoot, "auto");
    // With PATH emptied a lookup would find nothing and the renderer would say in-process.
    const files = new RepoFiles(fixtureRoot);
    const raw = indexRepo(files, files.listYamlFiles(["."]));
    const bare = renderRepo({ files, scan: ["."], raw: raw.manifests, env: { PATH: "" } });
    expect(bare.renderer).toBe(FAST_PATH_LABEL);
    expect(bare.notes.map((note) => note.id)).not.toContain("flux-renderer");
    expect(objects(bare)).toEqual(objects(fast));
  });
});
