// Values layers that cannot be read: each is named (info, at its valuesFrom entry), and the
// "must be set / must be on" verdicts on keys they could set become warnings that name them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runChecks } from "../../src/checks/run-checks.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { ciliumReleaseYaml } from "../support/cilium-release-yaml.ts";
import { fixtureRoot, fixtureWith } from "../support/temp-repo.ts";

const CONTROLLER = "infra/controllers/cilium";
const RELEASE = `${CONTROLLER}/helm-release.yaml`;
const VALUES = `${CONTROLLER}/values.yaml`;

function releaseWith(valuesFrom: string): string {
  return ciliumReleaseYaml({ spec: `  valuesFrom:\n${valuesFrom}` });
}

const SOPS_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: cilium-private
  namespace: kube-system
stringData:
  values.yaml: ENC[AES256_GCM,data:k8sServiceHost,iv:x,tag:y,type:str]
sops:
  version: 3.9.0
`;

// The controller's kustomization listing one more file: Flux applies only what a kustomization lists.
const listing = (file: string) => ({
  [`${CONTROLLER}/kustomization.yaml`]: readFileSync(
    `${fixtureRoot}/${CONTROLLER}/kustomization.yaml`,
    "utf8",
  ).replace("  - helm-release.yaml\n", `  - helm-release.yaml\n  - ${file}\n`),
});

// The seed's values without the API server endpoint: a homelab that keeps it in a SOPS Secret.
const valuesWithoutEndpoint = (text: string) =>
  text.replace(/k8sServiceHost: .*\n|k8sServicePort: .*\n/g, "");

describe("unread values layers", () => {
  it("names the SOPS layer and downgrades k8s-service-endpoint to a warning that points at it", () => {
    const root = fixtureWith({
      [RELEASE]: releaseWith(
        "    - kind: ConfigMap\n      name: cilium-values\n    - kind: Secret\n      name: cilium-private\n",
      ),
      [VALUES]: valuesWithoutEndpoint(readFileSync(`${fixtureRoot}/${VALUES}`, "utf8")),
      [`${CONTROLLER}/cilium-private.sops.yaml`]: SOPS_SECRET,
      ...listing("cilium-private.sops.yaml"),
    });
    const findings = runChecks(loadInfraRepo(root));
    const unread = findings.filter((finding) => finding.id === "values-layer-unread");
    expect(unread).toEqual([expect.objectContaining({ severity: "info", file: RELEASE, line: 17 })]);
    expect(unread[0]!.message).toContain(
      `valuesFrom[1] (Secret cilium-private, key values.yaml) cannot be read here: SOPS-encrypted (${CONTROLLER}/cilium-private.sops.yaml:1)`,
    );
    expect(unread[0]!.message).toContain("no check sees them");
    const endpoint = findings.filter((finding) => finding.id === "k8s-service-endpoint");
    expect(endpoint.map((finding) => finding.severity)).toEqual(["warning", "warning"]);
    for (const finding of endpoint) {
      expect(finding.message).toContain(
        `set in a values layer that could not be read (valuesFrom[1] (Secret cilium-private, key values.yaml) at ${RELEASE}:17, SOPS-encrypted`,
      );
    }
  });

  it("keeps the error when a layer merged after the unread one sets the key", () => {
    // The Secret comes first, values.yaml later: values.yaml's kubeProxyReplacement: false wins
    // whatever the Secret says, so the promise is broken for sure.
    const root = fixtureWith({
      [RELEASE]: releaseWith(
        "    - kind: Secret\n      name: cilium-private\n    - kind: ConfigMap\n      name: cilium-values\n",
      ),
      [VALUES]: readFileSync(`${fixtureRoot}/${VALUES}`, "utf8").replace(
        "kubeProxyReplacement: true",
        "kubeProxyReplacement: false",
      ),
      [`${CONTROLLER}/cilium-private.sops.yaml`]: SOPS_SECRET,
      ...listing("cilium-private.sops.yaml"),
    });
    const findings = runChecks(loadInfraRepo(root));
    const kpr = findings.find(
      (finding) => finding.id === "promised-capability-off" && finding.message.includes("kube-proxy"),
    );
    expect(kpr).toMatchObject({ severity: "error", file: VALUES });
    expect(kpr!.message).not.toContain("could not be read");
    // But the must-be-on verdict of a key only the Secret could set is a warning.
    expect(findings.filter((finding) => finding.id === "values-layer-unread")).toHaveLength(1);
  });

  it.each([
    ["SealedSecret", "bitnami.com/v1alpha1", "spec:\n  encryptedData:\n    values.yaml: AgBy3i4O\n"],
    ["ExternalSecret", "external-secrets.io/v1beta1", "spec:\n  target:\n    name: cilium-private\n"],
  ])("treats a Secret made by a %s the same way", (kind, apiVersion, spec) => {
    const root = fixtureWith({
      [RELEASE]: releaseWith(
        "    - kind: ConfigMap\n      name: cilium-values\n    - kind: Secret\n      name: cilium-private\n",
      ),
      [VALUES]: readFileSync(`${fixtureRoot}/${VALUES}`, "utf8").replace(
        "gatewayAPI:\n  enabled: true\n",
        "",
      ),
      [`${CONTROLLER}/cilium-private.yaml`]: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: cilium-private\n  namespace: kube-system\n${spec}`,
      ...listing("cilium-private.yaml"),
    });
    const findings = runChecks(loadInfraRepo(root));
    const gateway = findings.find(
      (finding) =>
        finding.id === "promised-capability-off" && finding.message.includes("gatewayAPI.enabled is unset"),
    );
    expect(gateway).toMatchObject({ severity: "warning" });
    expect(gateway!.message).toContain(`made in the cluster by ${kind} kube-system/cilium-private`);
    expect(findings.find((finding) => finding.id === "values-layer-unread")!.message).toContain(kind);
  });

  it("says nothing when every layer was read (the seed)", () => {
    const root = fixtureWith({});
    expect(runChecks(loadInfraRepo(root)).filter((finding) => finding.id === "values-layer-unread")).toEqual(
      [],
    );
  });
});
