// The release record Helm's Secret storage driver keeps (pkg/storage/driver/secrets.go): Secret
// `sh.helm.release.v1.<name>.v<revision>`, type helm.sh/release.v1, labels name/owner/status/
// version, data.release = base64(gzip(JSON release)) (and base64 again on the wire, as all Secret
// data). `cilium status` reads the chart version back from it.

import { gunzipSync, gzipSync } from "node:zlib";
import type { Obj } from "../../k8s/kube-objects.ts";

export interface ReleaseRecord {
  name: string;
  namespace: string;
  version: number;
  status: "pending-install" | "deployed" | "failed" | "superseded" | "pending-upgrade";
  chartVersion: string;
  description: string;
  config: Record<string, unknown>;
  manifest: string;
  firstDeployed: string;
  lastDeployed: string;
}

export function releaseSecretName(name: string, revision: number): string {
  return `sh.helm.release.v1.${name}.v${revision}`;
}

export function releaseSecret(record: ReleaseRecord): Obj {
  const release = {
    name: record.name,
    info: {
      first_deployed: record.firstDeployed,
      last_deployed: record.lastDeployed,
      deleted: "",
      description: record.description,
      status: record.status,
    },
    chart: {
      metadata: {
        name: "cilium",
        home: "https://cilium.io/",
        sources: ["https://github.com/cilium/cilium"],
        version: record.chartVersion,
        description: "eBPF-based Networking, Security, and Observability",
        keywords: ["BPF", "eBPF", "Kubernetes", "Networking", "Security", "Observability", "Troubleshooting"],
        apiVersion: "v2",
        appVersion: record.chartVersion,
        kubeVersion: ">= 1.21.0-0",
      },
      lock: null,
      templates: [],
      values: null,
      schema: null,
      files: [],
    },
    config: record.config,
    manifest: record.manifest,
    version: record.version,
    namespace: record.namespace,
  };
  const encoded = gzipSync(Buffer.from(JSON.stringify(release))).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: releaseSecretName(record.name, record.version),
      namespace: record.namespace,
      labels: { name: record.name, owner: "helm", status: record.status, version: String(record.version) },
    },
    type: "helm.sh/release.v1",
    data: { release: Buffer.from(encoded).toString("base64") },
  };
}

/** The release JSON back from a release Secret as read from the API (data base64-encoded). */
export function decodeReleaseSecret(secret: Obj): {
  chart?: { metadata?: { version?: string } };
  info?: { status?: string };
  config?: Record<string, unknown>;
  version?: number;
} {
  const data = (secret.data as { release?: string } | undefined)?.release ?? "";
  const inner = Buffer.from(data, "base64").toString("utf8");
  return JSON.parse(gunzipSync(Buffer.from(inner, "base64")).toString("utf8"));
}
