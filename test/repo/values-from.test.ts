// valuesFrom in all its forms, the chart shapes (v2beta2, chartRef, OCI) and kustomize details.
import { describe, expect, it } from "vitest";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { ciliumReleaseYaml } from "../support/cilium-release-yaml.ts";
import { thrown, writeRepo, yaml } from "../support/temp-repo.ts";

const repository = yaml`
  apiVersion: source.toolkit.fluxcd.io/v1
  kind: HelmRepository
  metadata:
    name: cilium
    namespace: kube-system
  spec:
    url: https://helm.cilium.io/
`;

function release(extraSpec: string, apiVersion = "helm.toolkit.fluxcd.io/v2"): string {
  return ciliumReleaseYaml({ version: '"1.17.5"', apiVersion, spec: extraSpec });
}

describe("valuesFrom", () => {
  it("merges every valuesFrom entry in order, then spec.values", () => {
    const root = writeRepo({
      "cilium/repository.yaml": repository,
      "cilium/release.yaml": release(
        yaml`
          valuesFrom:
            - kind: ConfigMap
              name: cilium-base
            - kind: Secret
              name: cilium-secret
              valuesKey: extra.yaml
          values:
            hubble:
              ui:
                enabled: true
        `.replace(/^/gm, "  "),
      ),
      "cilium/configmap.yaml": yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cilium-base
          namespace: kube-system
        data:
          values.yaml: |
            kubeProxyReplacement: true
            hubble:
              enabled: true
              ui:
                enabled: false
              relay:
                enabled: false
      `,
      "cilium/secret.yaml": yaml`
        apiVersion: v1
        kind: Secret
        metadata:
          name: cilium-secret
          namespace: kube-system
        stringData:
          extra.yaml: |
            hubble:
              relay:
                enabled: true
      `,
    });
    const model = loadInfraRepo(root);
    expect(model.values.layers.map((layer) => layer.description)).toEqual([
      "valuesFrom ConfigMap cilium-base (key values.yaml)",
      "valuesFrom Secret cilium-secret (key extra.yaml)",
      "spec.values",
    ]);
    expect(model.values.merged).toEqual({
      kubeProxyReplacement: true,
      hubble: { enabled: true, ui: { enabled: true }, relay: { enabled: true } },
    });
    // Lines inside the ConfigMap's literal block map to lines of the ConfigMap file.
    expect(model.values.locate("kubeProxyReplacement")).toEqual({ file: "cilium/configmap.yaml", line: 8 });
    expect(model.values.locate("hubble.enabled")).toEqual({ file: "cilium/configmap.yaml", line: 10 });
    expect(model.values.locate("hubble.relay.enabled")).toEqual({ file: "cilium/secret.yaml", line: 10 });
    expect(model.values.locate("hubble.ui.enabled")).toEqual({ file: "cilium/release.yaml", line: 23 });
  });

  it("reads a configMapGenerator entry in the `key=path` form, ignoring namespace and generatorOptions", () => {
    const root = writeRepo({
      "infra/cilium/kustomization.yaml": yaml`
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: kube-system
        resources: [repository.yaml, release.yaml]
        generatorOptions:
          disableNameSuffixHash: true
        configMapGenerator:
          - name: something-else
            literals: [a=b]
          - name: cilium-values
            files:
              - values.yaml=config/cilium-values.yaml
      `,
      "infra/cilium/repository.yaml": repository,
      "infra/cilium/release.yaml": release(
        "  valuesFrom:\n    - kind: ConfigMap\n      name: cilium-values\n",
      ).replace("  namespace: kube-system\n", ""),
      "infra/cilium/config/cilium-values.yaml": "# values\n\ngatewayAPI:\n  enabled: true\n",
    });
    const model = loadInfraRepo(root);
    expect(model.values.get("gatewayAPI.enabled")).toBe(true);
    expect(model.values.locate("gatewayAPI.enabled")).toEqual({
      file: "infra/cilium/config/cilium-values.yaml",
      line: 4,
    });
    // The kustomization's namespace reaches the release that does not set one.
    expect(model.helmRelease.manifest.namespace).toBe("kube-system");
    expect(model.helmRelease.targetNamespace).toBe("kube-system");
    expect(model.files).toContain("infra/cilium/config/cilium-values.yaml");
  });

  it("sets a targetPath to the key's text, typed like `helm --set`", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release(
        yaml`
          valuesFrom:
            - kind: ConfigMap
              name: cilium-flags
              valuesKey: relay
              targetPath: hubble.relay.enabled
            - kind: ConfigMap
              name: cilium-flags
              valuesKey: host
              targetPath: k8sServiceHost
            - kind: ConfigMap
              name: cilium-flags
              valuesKey: port
              targetPath: k8sServicePort
        `.replace(/^/gm, "  "),
      ),
      "flags.yaml": yaml`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cilium-flags
          namespace: kube-system
        data:
          relay: "true"
          host: 192.168.5.10
          port: "6443"
      `,
    });
    const model = loadInfraRepo(root);
    expect(model.values.merged).toEqual({
      hubble: { relay: { enabled: true } },
      k8sServiceHost: "192.168.5.10",
      k8sServicePort: 6443,
    });
    expect(model.values.locate("hubble.relay.enabled")).toEqual({ file: "flags.yaml", line: 7 });
    expect(model.values.locate("k8sServicePort")).toEqual({ file: "flags.yaml", line: 9 });
    expect(model.values.layers[0]).toMatchObject({ targetPath: "hubble.relay.enabled" });
  });

  it("records an optional reference that points to nothing as an unread layer (it may exist in the cluster)", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release(
        "  valuesFrom:\n    - kind: Secret\n      name: cilium-private\n      optional: true\n  values:\n    ipam:\n      mode: kubernetes\n",
      ),
    });
    const model = loadInfraRepo(root);
    expect(model.values.layers.map((layer) => layer.description)).toEqual([
      "valuesFrom Secret cilium-private (key values.yaml), optional and not in the repo: not read",
      "spec.values",
    ]);
    expect(model.values.layers[0]!.unread).toEqual({
      reason:
        "optional and neither in the repo nor made by a kustomize generator (it may exist in the cluster)",
      entry: { file: "release.yaml", line: 15 },
      label: "valuesFrom[0] (Secret cilium-private, key values.yaml)",
    });
    expect(model.values.get("ipam.mode")).toBe("kubernetes");
    // spec.values comes later, so it wins over whatever the unread Secret sets for ipam.mode.
    expect(model.values.unreadLayersFor("ipam.mode")).toEqual([]);
    expect(model.values.unreadLayersFor("k8sServiceHost")).toEqual([model.values.layers[0]]);
    // An unset path points at a layer that was read, not at the unread entry.
    expect(model.values.locate("k8sServiceHost")).toEqual({ file: "release.yaml", line: 18 });
  });

  it("records a SOPS-encrypted Secret as a layer it could not read", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release("  valuesFrom:\n    - kind: Secret\n      name: cilium-sops\n"),
      "secret.sops.yaml": yaml`
        apiVersion: v1
        kind: Secret
        metadata:
          name: cilium-sops
          namespace: kube-system
        stringData:
          values.yaml: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]
        sops:
          version: 3.9.0
      `,
    });
    const model = loadInfraRepo(root);
    expect(model.values.layers[0]!.description).toContain("SOPS-encrypted: not read");
    expect(model.values.layers[0]!.unread).toEqual({
      reason: "SOPS-encrypted (secret.sops.yaml:1); Flux decrypts it in the cluster",
      entry: { file: "release.yaml", line: 15 },
      label: "valuesFrom[0] (Secret cilium-sops, key values.yaml)",
    });
    expect(model.values.merged).toEqual({});
  });

  it.each([
    ["SealedSecret", "bitnami.com/v1alpha1", "spec:\n  encryptedData:\n    values.yaml: AgBy3i4OJSWK\n"],
    ["ExternalSecret", "external-secrets.io/v1beta1", "spec:\n  target:\n    name: cilium-secret\n"],
  ])(
    "records a Secret that a %s in the repo makes as a layer it could not read",
    (kind, apiVersion, spec) => {
      const root = writeRepo({
        "repository.yaml": repository,
        "release.yaml": release("  valuesFrom:\n    - kind: Secret\n      name: cilium-secret\n"),
        "sealed.yaml": `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: cilium-secret\n  namespace: kube-system\n${spec}`,
      });
      const model = loadInfraRepo(root);
      expect(model.values.layers[0]!.description).toBe(
        `valuesFrom Secret cilium-secret (key values.yaml), made by ${kind} kube-system/cilium-secret: not read`,
      );
      expect(model.values.layers[0]!.file).toBe("sealed.yaml");
      expect(model.values.layers[0]!.unread?.reason).toBe(
        `made in the cluster by ${kind} kube-system/cilium-secret (sealed.yaml:1), whose values are encrypted or fetched from outside`,
      );
      expect(model.values.layers[0]!.unread?.entry).toEqual({ file: "release.yaml", line: 15 });
      expect(model.values.merged).toEqual({});
    },
  );

  it("does not read a ConfigMap's binaryData as values (Flux reads data only): exit 2 at the key with the fix", () => {
    const encoded = Buffer.from("hubble:\n  enabled: true\n").toString("base64");
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release("  valuesFrom:\n    - kind: ConfigMap\n      name: cv\n"),
      "cm.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cv\nbinaryData:\n  values.yaml: ${encoded}\n`,
    });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_VALUES_SOURCE_MISSING");
    expect(error.file).toBe("cm.yaml");
    expect(error.line).toBe(6);
    expect(error.message).toContain("in binaryData, which Flux does not read as Helm values (only data)");
    expect(error.hint).toContain("move values.yaml from binaryData to data");
  });

  it("still decodes a Secret's base64 data", () => {
    const encoded = Buffer.from("hubble:\n  enabled: true\n").toString("base64");
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release("  valuesFrom:\n    - kind: Secret\n      name: cv\n"),
      "secret.yaml": `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cv\ndata:\n  values.yaml: ${encoded}\n`,
    });
    const model = loadInfraRepo(root);
    expect(model.values.get("hubble.enabled")).toBe(true);
    expect(model.values.locate("hubble.enabled")).toEqual({ file: "secret.yaml", line: 6 });
  });
});

describe("chart shapes", () => {
  it("reads a helm.toolkit.fluxcd.io/v2beta2 release", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release("", "helm.toolkit.fluxcd.io/v2beta2"),
    });
    const model = loadInfraRepo(root);
    expect(model.helmRelease.apiVersion).toBe("helm.toolkit.fluxcd.io/v2beta2");
    expect(model.helmRelease.version).toBe("1.17.5");
    expect(model.helmRelease.versionLocation).toEqual({ file: "release.yaml", line: 10 });
    expect(model.values.merged).toEqual({});
  });

  it("reads a HelmRepository of type oci", () => {
    const root = writeRepo({
      "repository.yaml": yaml`
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: cilium
          namespace: kube-system
        spec:
          type: oci
          url: oci://quay.io/cilium/charts
      `,
      "release.yaml": release(""),
    });
    expect(loadInfraRepo(root).helmRelease.source).toMatchObject({
      kind: "HelmRepository",
      url: "oci://quay.io/cilium/charts",
    });
  });

  it("reads a v2 chartRef to an OCIRepository, whose ref.tag is the version", () => {
    const root = writeRepo({
      "oci.yaml": yaml`
        apiVersion: source.toolkit.fluxcd.io/v1beta2
        kind: OCIRepository
        metadata:
          name: cilium-chart
          namespace: kube-system
        spec:
          interval: 12h
          url: oci://quay.io/cilium/charts/cilium
          ref:
            tag: 1.18.11
      `,
      "release.yaml": yaml`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: cilium
          namespace: kube-system
        spec:
          chartRef:
            kind: OCIRepository
            name: cilium-chart
      `,
    });
    const release = loadInfraRepo(root).helmRelease;
    expect(release.chart).toBe("cilium");
    expect(release.version).toBe("1.18.11");
    expect(release.versionLocation).toEqual({ file: "oci.yaml", line: 10 });
    expect(release.source).toEqual({
      kind: "OCIRepository",
      url: "oci://quay.io/cilium/charts/cilium",
      name: "cilium-chart",
      namespace: "kube-system",
      location: { file: "oci.yaml", line: 1 },
    });
  });

  it("reads a v2 chartRef to a HelmChart", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "chart.yaml": yaml`
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata:
          name: cilium
          namespace: kube-system
        spec:
          chart: cilium
          version: 1.19.5
          sourceRef:
            kind: HelmRepository
            name: cilium
      `,
      "release.yaml": yaml`
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: cni
          namespace: kube-system
        spec:
          chartRef:
            kind: HelmChart
            name: cilium
      `,
    });
    const release = loadInfraRepo(root).helmRelease;
    expect(release.version).toBe("1.19.5");
    expect(release.versionLocation).toEqual({ file: "chart.yaml", line: 8 });
    expect(release.source).toMatchObject({ kind: "HelmRepository", url: "https://helm.cilium.io/" });
  });

  it("takes the chart name from a GitRepository folder path, trailing slash or not", () => {
    for (const folder of ["./charts/cilium/", "./charts/cilium"]) {
      const root = writeRepo({
        "release.yaml": release("")
          .replace("chart: cilium", `chart: ${folder}`)
          .replace("kind: HelmRepository", "kind: GitRepository"),
      });
      const model = loadInfraRepo(root).helmRelease;
      expect(model.chart).toBe("cilium");
      expect(model.source).toMatchObject({ kind: "GitRepository", url: undefined, name: "cilium" });
    }
  });

  it("ignores HelmReleases of other charts and a Helm chart's templates folder", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release(""),
      "apps/grafana.yaml": release("")
        .replace(/cilium/g, "grafana")
        .replace("1.17.5", "9.3.0"),
      "charts/local/Chart.yaml": "apiVersion: v2\nname: local\nversion: 0.1.0\n",
      "charts/local/templates/deployment.yaml": "metadata:\n  name: {{ .Release.Name }\n  {{- if x }}\n",
    });
    const model = loadInfraRepo(root);
    expect(model.helmRelease.manifest.name).toBe("cilium");
    expect(model.files).not.toContain("charts/local/templates/deployment.yaml");
  });

  it("fills in a namespace that a kustomization sets for a nested folder, and leaves out what it does not list", () => {
    const root = writeRepo({
      "repository.yaml": repository,
      "release.yaml": release(""),
      "apps/kustomization.yaml": "namespace: web\nresources:\n  - site\n",
      "apps/site/kustomization.yaml": "resources:\n  - route.yaml\n",
      "apps/site/route.yaml": yaml`
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: site
        spec:
          parentRefs: [{ name: gw }]
      `,
      "apps/other/route.yaml": yaml`
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: other
          namespace: own
      `,
    });
    const routes = loadInfraRepo(root).httpRoutes.map((m) => `${m.namespace}/${m.name}`);
    // apps/other is not listed by apps/kustomization.yaml: kustomize never reads it, so it is not
    // applied at all (not merely left in its own namespace).
    expect(routes).toEqual(["web/site"]);
  });
});
