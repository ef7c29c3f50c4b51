import { describe, expect, it } from "vitest";
import { findChartEntry, indexUrl, resolveChartUrl } from "../../src/charts/helm-repo-index.ts";
import { ChartError } from "../../src/errors.ts";

// Shaped like https://helm.cilium.io/index.yaml: relative archive URLs, newest first.
const INDEX = `apiVersion: v1
entries:
  cilium:
  - apiVersion: v2
    appVersion: 1.19.5
    digest: 56b60445a2c650b387ce2edb13cfd8d83219a9da693b0523915dba8be451a29e
    name: cilium
    urls:
    - cilium-1.19.5.tgz
    version: 1.19.5
  - apiVersion: v2
    appVersion: 1.18.11
    name: cilium
    urls:
    - https://mirror.example.test/charts/cilium-1.18.11.tgz
    version: 1.18.11
  tetragon:
  - name: tetragon
    urls: [tetragon-1.0.0.tgz]
    version: 1.0.0
generated: "2026-07-01T10:00:00Z"
`;

describe("Helm repository index", () => {
  it("resolves a relative archive URL against the repository URL, keeping the digest", () => {
    const entry = findChartEntry(INDEX, "https://helm.cilium.io", "cilium", "1.19.5");
    expect(entry.url).toBe("https://helm.cilium.io/cilium-1.19.5.tgz");
    expect(entry.digest).toBe("56b60445a2c650b387ce2edb13cfd8d83219a9da693b0523915dba8be451a29e");
  });

  it("keeps absolute archive URLs and tolerates a missing digest and a leading v", () => {
    const entry = findChartEntry(INDEX, "https://helm.cilium.io/", "cilium", "v1.18.11");
    expect(entry.url).toBe("https://mirror.example.test/charts/cilium-1.18.11.tgz");
    expect(entry.digest).toBeUndefined();
  });

  it("resolves against a repository in a sub-folder", () => {
    expect(resolveChartUrl("https://example.test/helm/stable", "cilium-1.0.0.tgz")).toBe(
      "https://example.test/helm/stable/cilium-1.0.0.tgz",
    );
    expect(indexUrl("https://example.test/helm/stable")).toBe("https://example.test/helm/stable/index.yaml");
  });

  it("names the published versions when the wanted one is not there (exit 2)", () => {
    let error: unknown;
    try {
      findChartEntry(INDEX, "https://helm.cilium.io/", "cilium", "1.19.99");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ChartError);
    expect((error as ChartError).code).toBe("CC_CHART_VERSION_UNKNOWN");
    expect((error as ChartError).exitCode).toBe(2);
    expect((error as ChartError).hint).toContain("1.19.5, 1.18.11");
  });

  it("reports a repository without the chart", () => {
    expect(() => findChartEntry(INDEX, "https://helm.cilium.io/", "hubble", "1.0.0")).toThrow(
      /no chart named "hubble"/,
    );
  });
});
