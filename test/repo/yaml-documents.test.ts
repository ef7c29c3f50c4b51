import { describe, expect, it } from "vitest";
import { RepoError } from "../../src/errors.ts";
import { parseManifests, parseYamlDocuments } from "../../src/repo/yaml-documents.ts";
import { thrown, yaml } from "../support/temp-repo.ts";

const multi = yaml`
  # leading comment
  ---
  apiVersion: cilium.io/v2
  kind: CiliumLoadBalancerIPPool
  metadata:
    name: home-compute-pool
  spec:
    blocks:
      - start: 192.168.5.30
        stop: 192.168.5.255
      - cidr: 10.0.10.0/24
  ---
  ---
  # a kustomize config file: YAML but not a Kubernetes object
  nameReference:
    - kind: ConfigMap
  ---
  apiVersion: gateway.networking.k8s.io/v1
  kind: Gateway
  metadata:
    name: web
    namespace: gateway
  spec:
    gatewayClassName: cilium
`;

describe("parseManifests", () => {
  it("keeps only Kubernetes objects, skipping empty and non-object documents", () => {
    const manifests = parseManifests(multi, "infra/all.yaml");
    expect(manifests.map((m) => `${m.kind}/${m.name}`)).toEqual([
      "CiliumLoadBalancerIPPool/home-compute-pool",
      "Gateway/web",
    ]);
    expect(manifests[1]!.namespace).toBe("gateway");
    expect(manifests[0]!.namespace).toBeUndefined();
  });

  it("gives each document's start and every path's line", () => {
    const [pool, gateway] = parseManifests(multi, "infra/all.yaml");
    expect(pool!.location).toEqual({ file: "infra/all.yaml", line: 3 });
    expect(pool!.lineOf(["spec", "blocks", 0, "start"])).toBe(9);
    expect(pool!.lineOf(["spec", "blocks", 0, "stop"])).toBe(10);
    expect(pool!.lineOf(["spec", "blocks", 1])).toBe(11);
    expect(pool!.lineOf(["spec", "blocks", 1, "cidr"])).toBe(11);
    expect(gateway!.location.line).toBe(18);
    expect(gateway!.lineOf(["spec", "gatewayClassName"])).toBe(24);
  });

  it("answers the nearest existing ancestor for a path that is not there", () => {
    const [pool] = parseManifests(multi, "infra/all.yaml");
    expect(pool!.lineOf(["spec", "serviceSelector", "matchLabels"])).toBe(pool!.lineOf(["spec"]));
    expect(pool!.lineOf(["spec", "blocks", 7, "start"])).toBe(pool!.lineOf(["spec", "blocks"]));
    expect(pool!.lineOf([])).toBe(3);
  });

  it("reads YAML 1.1 booleans the way Helm and kubectl do", () => {
    const [document] = parseYamlDocuments("a: yes\nb: off\nc: 'yes'\n", "v.yaml");
    expect(document!.value).toEqual({ a: true, b: false, c: "yes" });
  });

  it("points a syntax error at its file and line, with a hint", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n\tnamespace: y\n";
    const error = thrown(() => parseManifests(text, "apps/bad.yaml"));
    expect(error).toBeInstanceOf(RepoError);
    expect(error.code).toBe("CC_REPO_YAML_INVALID");
    expect(error.file).toBe("apps/bad.yaml");
    expect(error.line).toBe(5);
    expect(error.message).toContain("apps/bad.yaml:5");
    expect(error.hint).toBeTruthy();
  });

  it("rejects duplicate keys, which Helm would silently collapse", () => {
    const error = thrown(() => parseManifests("a: 1\nb: 2\na: 3\n", "v.yaml"));
    expect(error.code).toBe("CC_REPO_YAML_INVALID");
    expect(error.line).toBe(3);
    expect(error.hint).toContain("same key");
  });

  it("maps lines inside a literal block to file lines", () => {
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cilium-values
      data:
        values.yaml: |
          hubble:
            enabled: true
    `;
    const [document] = parseYamlDocuments(text, "cm.yaml");
    expect(document!.literalBlockFirstLine(["data", "values.yaml"])).toBe(7);
    expect(document!.literalBlockFirstLine(["metadata", "name"])).toBeUndefined();
  });
});
