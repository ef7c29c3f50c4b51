// Broken repos: each is a RepoError (exit 2) that names the file, the line and a fix — through
// the loader and through the CLI, where the user must never see a stack trace.
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { RepoError } from "../../src/errors.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { ciliumReleaseYaml } from "../support/cilium-release-yaml.ts";
import { fixtureRoot, fixtureWith, thrown, writeRepo } from "../support/temp-repo.ts";

const RELEASE = "infra/controllers/cilium/helm-release.yaml";
const releaseText = (edit: (text: string) => string) =>
  edit(ciliumReleaseYaml({ spec: "  valuesFrom:\n    - kind: ConfigMap\n      name: cilium-values\n" }));

interface BrokenCase {
  name: string;
  repo: () => string;
  code: RepoError["code"];
  file: string;
  line: number | undefined;
  says: RegExp;
}

const cases: BrokenCase[] = [
  {
    name: "unparseable YAML anywhere in the repo",
    repo: () =>
      fixtureWith({
        "apps/whoami/whoami.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: [whoami\n",
      }),
    code: "CC_REPO_YAML_INVALID",
    file: "apps/whoami/whoami.yaml",
    line: 5,
    says: /YAML cannot be parsed/,
  },
  {
    name: "no Cilium HelmRelease",
    repo: () => fixtureWith({ [RELEASE]: null }),
    code: "CC_REPO_HELMRELEASE_MISSING",
    file: "infra/controllers/cilium",
    line: undefined,
    says: /no Flux HelmRelease of chart "cilium".*found only monitoring\/grafana \(chart grafana\)/,
  },
  {
    name: "a HelmRelease without a version",
    repo: () => fixtureWith({ [RELEASE]: releaseText((t) => t.replace("      version: 1.18.11\n", "")) }),
    code: "CC_REPO_HELMRELEASE_NO_VERSION",
    file: RELEASE,
    line: 8,
    says: /does not pin a chart version/,
  },
  {
    name: "a HelmRelease with a version range",
    repo: () => fixtureWith({ [RELEASE]: releaseText((t) => t.replace("1.18.11", '"1.18.x"')) }),
    code: "CC_REPO_HELMRELEASE_NO_VERSION",
    file: RELEASE,
    line: 10,
    says: /"1\.18\.x" .* is not an exact version/,
  },
  {
    name: "a valuesFrom that points to nothing",
    repo: () =>
      fixtureWith({ [RELEASE]: releaseText((t) => t.replace("name: cilium-values", "name: cilium-valeus")) }),
    code: "CC_REPO_VALUES_SOURCE_MISSING",
    file: RELEASE,
    line: 16,
    says: /ConfigMap "cilium-valeus", which is neither in the repo nor made by a kustomize configMapGenerator/,
  },
  {
    name: "a configMapGenerator file that is missing",
    repo: () => fixtureWith({ "infra/controllers/cilium/values.yaml": null }),
    code: "CC_REPO_FILE_MISSING",
    file: "infra/controllers/cilium/kustomization.yaml",
    line: 12,
    says: /generator reads values\.yaml, but infra\/controllers\/cilium\/values\.yaml is not in the repo/,
  },
  {
    name: "two Cilium HelmReleases",
    repo: () =>
      fixtureWith({
        "clusters/homelab/cilium-copy.yaml": releaseText((t) =>
          t.replace("namespace: kube-system", "namespace: cni"),
        ),
      }),
    code: "CC_REPO_HELMRELEASE_AMBIGUOUS",
    file: "infra/controllers/cilium/helm-release.yaml",
    line: 1,
    says: /a second HelmRelease of chart "cilium" \(kube-system\/cilium\); the first is cni\/cilium at clusters\/homelab\/cilium-copy\.yaml:1/,
  },
  {
    name: "a file the config names that is missing",
    repo: () => fixtureWith({ ".cilium-conformance.yaml": "paths:\n  pool: infra/pools.yaml\n" }),
    code: "CC_REPO_FILE_MISSING",
    file: ".cilium-conformance.yaml",
    line: 2,
    says: /paths\.pool names the file infra\/pools\.yaml, which is not in the repo/,
  },
  {
    name: "a file the config names that is a folder",
    repo: () => fixtureWith({ ".cilium-conformance.yaml": "paths:\n  pool: infra/configs/cilium\n" }),
    code: "CC_REPO_FILE_MISSING",
    file: ".cilium-conformance.yaml",
    line: 2,
    says: /paths\.pool names the file infra\/configs\/cilium, which is a folder, not a file/,
  },
  {
    name: "a values file the config names that is a folder",
    repo: () => fixtureWith({ ".cilium-conformance.yaml": "paths:\n  values: infra/controllers/cilium\n" }),
    code: "CC_REPO_FILE_MISSING",
    file: ".cilium-conformance.yaml",
    line: 2,
    says: /paths\.values names the file infra\/controllers\/cilium, which is a folder, not a file/,
  },
  {
    name: "a config file that cannot be read (a folder named .cilium-conformance.yaml)",
    repo: () => fixtureWith({ ".cilium-conformance.yaml/README": "not the config\n" }),
    code: "CC_REPO_FILE_UNREADABLE",
    file: ".cilium-conformance.yaml",
    line: undefined,
    says: /\.cilium-conformance\.yaml cannot be read: it is a folder/,
  },
  {
    name: "an invalid config",
    repo: () =>
      fixtureWith({ ".cilium-conformance.yaml": "lan:\n  cidr: 192.168.5.0/24\n  gatway: 192.168.5.1\n" }),
    code: "CC_REPO_CONFIG_INVALID",
    file: ".cilium-conformance.yaml",
    line: 3,
    says: /unknown key "gatway" in lan/,
  },
  {
    name: "spec.values that is not a map",
    repo: () => fixtureWith({ [RELEASE]: releaseText((t) => `${t}  values: "kubeProxyReplacement=true"\n`) }),
    code: "CC_REPO_VALUES_INVALID",
    file: RELEASE,
    line: 17,
    says: /spec\.values of HelmRelease cilium must be a map/,
  },
];

describe("broken repos", () => {
  it.each(cases)("$name: $code at $file:$line", ({ repo, code, file, line, says }) => {
    const error = thrown(() => loadInfraRepo(repo()));
    expect(error).toBeInstanceOf(RepoError);
    expect(error.code).toBe(code);
    expect(error.file).toBe(file);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(says);
    expect(error.hint).toBeTruthy();
  });

  it.each(cases)(
    "$name: exit 2 through the CLI with file, line and fix",
    async ({ repo, code, file, line }) => {
      const out: string[] = [];
      const err: string[] = [];
      const exit = await runCli(["check", "--repo", repo()], {
        stdout: (text) => out.push(text),
        stderr: (text) => err.push(text),
        env: { NO_COLOR: "1" },
        cwd: fixtureRoot,
      });
      const text = err.join("");
      expect(exit).toBe(2);
      expect(out.join("")).toBe("");
      expect(text).toContain(`error[${code}]`);
      expect(text).toContain(`at ${file}${line === undefined ? "" : `:${line}`}`);
      expect(text).toContain("fix: ");
      expect(text).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
    },
  );

  it("names a repo folder that does not exist", () => {
    const error = thrown(() => loadInfraRepo("/nonexistent/homelab"));
    expect(error.code).toBe("CC_REPO_NOT_FOUND");
    expect(error.hint).toContain("--repo");
  });

  it("resolves two Cilium releases when the config names the folder of one", () => {
    const root = fixtureWith({
      "clusters/homelab/cilium-copy.yaml": releaseText((t) =>
        t.replace("namespace: kube-system", "namespace: cni"),
      ),
      ".cilium-conformance.yaml": "paths:\n  ciliumRelease: infra/controllers/cilium\n",
    });
    expect(loadInfraRepo(root).helmRelease.manifest.location.file).toBe(RELEASE);
  });

  it("says which scan folder is missing", () => {
    const root = writeRepo({
      ".cilium-conformance.yaml": "paths:\n  scan:\n    - infra\n    - kubernetes/apps\n",
    });
    const error = thrown(() => loadInfraRepo(root));
    expect(error.code).toBe("CC_REPO_FILE_MISSING");
    expect(error.line).toBe(3);
  });
});
