// paths.values of .cilium-conformance.yaml: the values file that stands for the one valuesFrom
// entry whose ConfigMap/Secret is made outside the repo; a paths.values nothing reads is refused.
import { describe, expect, it } from "vitest";
import { runChecks } from "../../src/checks/run-checks.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { ciliumReleaseYaml } from "../support/cilium-release-yaml.ts";
import { fixtureWith, thrown } from "../support/temp-repo.ts";

const CONTROLLER = "infra/controllers/cilium";
// The seed's controller folder without its configMapGenerator: the ConfigMap cilium-values is
// then made outside the repo (e.g. by a bootstrap script from values.yaml).
const noGenerator = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: kube-system
resources:
  - helm-repository.yaml
  - helm-release.yaml
`;

describe("paths.values", () => {
  it("without it, a valuesFrom entry the repo does not resolve is an error that names paths.values", () => {
    const root = fixtureWith({ [`${CONTROLLER}/kustomization.yaml`]: noGenerator });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_VALUES_SOURCE_MISSING");
    expect(error.hint).toContain("paths.values");
  });

  it("stands for the valuesFrom entry made outside the repo, with lines in the named file", () => {
    const root = fixtureWith({
      [`${CONTROLLER}/kustomization.yaml`]: noGenerator,
      "bootstrap/cilium-values.yaml":
        "# made into ConfigMap cilium-values by bootstrap.sh\nkubeProxyReplacement: true\nk8sServiceHost: 192.168.5.10\n",
      ".cilium-conformance.yaml": "paths:\n  values: bootstrap/cilium-values.yaml\n",
    });
    const model = loadInfraRepo(root);
    expect(model.values.get("k8sServiceHost")).toBe("192.168.5.10");
    expect(model.values.locate("k8sServiceHost")).toEqual({ file: "bootstrap/cilium-values.yaml", line: 3 });
    // Inline spec.values still wins over it, as Flux merges.
    expect(model.values.get("rollOutCiliumPods")).toBe(true);
    expect(model.values.layers[0]!.description).toMatch(
      /valuesFrom ConfigMap cilium-values \(key values\.yaml\), not in the repo: read from bootstrap\/cilium-values\.yaml as paths\.values says \(\.cilium-conformance\.yaml:2\)/,
    );
    expect(model.files).toContain("bootstrap/cilium-values.yaml");
    // Findings point into the named file.
    const endpoint = runChecks(model).filter((finding) => finding.id === "k8s-service-endpoint");
    expect(endpoint).toEqual([
      expect.objectContaining({ file: "bootstrap/cilium-values.yaml", line: 2, severity: "error" }),
    ]);
  });

  it("also fills an optional entry the repo does not resolve (optional only means Flux tolerates its absence)", () => {
    const root = fixtureWith({
      [`${CONTROLLER}/kustomization.yaml`]: noGenerator,
      [`${CONTROLLER}/helm-release.yaml`]: releaseWithEntries(
        "    - kind: Secret\n      name: cilium-extra\n      optional: true\n",
      ),
      "bootstrap/extra.yaml": "hubble:\n  enabled: false\n",
      ".cilium-conformance.yaml": "paths:\n  values: bootstrap/extra.yaml\n",
    });
    expect(loadInfraRepo(root).values.locate("hubble.enabled")).toEqual({
      file: "bootstrap/extra.yaml",
      line: 2,
    });
  });

  it("is accepted when it names the file the repo's own generator reads", () => {
    const root = fixtureWith({ ".cilium-conformance.yaml": `paths:\n  values: ${CONTROLLER}/values.yaml\n` });
    expect(loadInfraRepo(root).values.get("kubeProxyReplacement")).toBe(true);
  });

  it("is refused when every valuesFrom entry is in the repo and it names another file", () => {
    const root = fixtureWith({
      "infra/old-values.yaml": "kubeProxyReplacement: false\n",
      ".cilium-conformance.yaml": "# values\npaths:\n  values: infra/old-values.yaml\n",
    });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_CONFIG_INVALID");
    expect(error).toMatchObject({ file: ".cilium-conformance.yaml", line: 3 });
    expect(error.message).toContain(
      `every valuesFrom entry of HelmRelease cilium is found in the repo (values read from ${CONTROLLER}/values.yaml): nothing would read infra/old-values.yaml`,
    );
    expect(error.hint).toContain("remove paths.values");
  });

  it("is refused when the release has no valuesFrom at all", () => {
    const release = releaseWithEntries("").replace(/ {2}valuesFrom:\n/, "");
    const root = fixtureWith({
      [`${CONTROLLER}/kustomization.yaml`]: noGenerator,
      [`${CONTROLLER}/helm-release.yaml`]: release,
      ".cilium-conformance.yaml": `paths:\n  values: ${CONTROLLER}/values.yaml\n`,
    });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_CONFIG_INVALID");
    expect(error.message).toContain("has no valuesFrom, so Flux never reads a values file");
  });

  it("is refused when two valuesFrom entries are missing from the repo (which one would it be?)", () => {
    const root = fixtureWith({
      [`${CONTROLLER}/kustomization.yaml`]: noGenerator,
      [`${CONTROLLER}/helm-release.yaml`]: releaseWithEntries(
        "    - kind: ConfigMap\n      name: cilium-values\n    - kind: Secret\n      name: cilium-extra\n",
      ),
      ".cilium-conformance.yaml": `paths:\n  values: ${CONTROLLER}/values.yaml\n`,
    });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_CONFIG_INVALID");
    expect(error.message).toContain(
      "2 valuesFrom entries of HelmRelease cilium are not in the repo: valuesFrom[0] (ConfigMap cilium-values), valuesFrom[1] (Secret cilium-extra)",
    );
  });
});

function releaseWithEntries(entries: string): string {
  return ciliumReleaseYaml({ spec: `  valuesFrom:\n${entries}  values:\n    rollOutCiliumPods: true\n` });
}
