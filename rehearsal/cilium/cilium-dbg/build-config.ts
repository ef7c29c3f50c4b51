// `cilium-dbg build-config` (cilium-dbg/cmd/build-config.go, pkg/option/resolver): the agent pod's
// `config` init container. It connects to the API server (pkg/k8s/client waitForConn — a wrong
// k8sServiceHost fails it after a minute), reads the sources in order (the cilium-config
// ConfigMap of the Cilium namespace, then the CiliumNodeConfigs that select this node; a
// missing ConfigMap or CRD is tolerated), merges them (later sources override, unless
// allow/deny-config-keys forbid it), and writes one file per key into --dest
// (/tmp/cilium/config-map) the way a ConfigMap volume looks: key → ..data/key → ..data_<time>/key.

import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KubeObject, KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { compileLabelSelector } from "../../k8s/label-selector.ts";
import type { Logger } from "../log-line.ts";

export interface ConfigSource {
  kind: "config-map" | "cilium-node-config" | "node";
  namespace: string;
  name: string;
}

/** build-config's source specs: "kind[:spec]", spec "name" or "namespace/name" (node-config: "namespace"). */
export function parseSources(
  specs: readonly string[],
  env: Record<string, string | undefined>,
): ConfigSource[] {
  const ciliumNamespace = env.CILIUM_K8S_NAMESPACE ?? "";
  const sources: ConfigSource[] = [];
  for (const spec of specs) {
    if (spec === "") continue;
    const colon = spec.indexOf(":");
    const kind = colon < 0 ? spec : spec.slice(0, colon);
    const rest = colon < 0 ? "" : spec.slice(colon + 1);
    let source: ConfigSource;
    if (kind === "config-map") source = { kind, namespace: ciliumNamespace, name: "cilium-config" };
    else if (kind === "cilium-node-config") source = { kind, namespace: ciliumNamespace, name: "" };
    else if (kind === "node") source = { kind, namespace: "", name: env.K8S_NODE_NAME ?? "" };
    else throw new Error(`unknown config source ${kind}`);
    if (rest !== "") {
      const slash = rest.indexOf("/");
      if (slash >= 0) source = { ...source, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
      else if (kind === "cilium-node-config") source = { ...source, namespace: rest };
      else source = { ...source, name: rest };
    }
    sources.push(source);
  }
  return sources;
}

export function defaultSources(env: Record<string, string | undefined>): string[] {
  return ["config-map:cilium-config", `cilium-node-config:${env.CILIUM_K8S_NAMESPACE ?? ""}`];
}

type ConfigMap = KubeObject & { data?: Record<string, string> };
type NodeConfig = KubeObject & { spec?: { nodeSelector?: unknown; defaults?: Record<string, string> } };

async function readSource(
  client: KubeRestClient,
  source: ConfigSource,
  nodeLabels: () => Promise<Record<string, string>>,
  log: Logger,
): Promise<Record<string, string>> {
  if (source.kind === "config-map") {
    const cm = await client.get<ConfigMap>(
      `/api/v1/namespaces/${source.namespace}/configmaps/${source.name}`,
    );
    if (!cm) {
      log.error("Configmap not found, ignoring", {
        configSource: `${source.kind}:${source.namespace}/${source.name}`,
      });
      return {};
    }
    return cm.data ?? {};
  }
  if (source.kind === "cilium-node-config") {
    // readNodeConfigsAllVersions: v2alpha1 first, v2 values win; a missing CRD is tolerated.
    const merged: Record<string, string> = {};
    for (const version of ["v2alpha1", "v2"]) {
      const base = `/apis/cilium.io/${version}/namespaces/${source.namespace}/ciliumnodeconfigs`;
      let items: NodeConfig[] = [];
      try {
        if (source.name) {
          const one = await client.get<NodeConfig>(`${base}/${source.name}`);
          items = one ? [one] : [];
        } else items = (await client.list<NodeConfig>(base)).items;
      } catch (error) {
        if ((error as { code?: number }).code === 404) continue;
        throw error;
      }
      if (items.length === 0) continue;
      const labels = await nodeLabels();
      for (const item of [...items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
        try {
          if (compileLabelSelector(item.spec?.nodeSelector as never)(labels))
            Object.assign(merged, item.spec?.defaults ?? {});
        } catch {
          // An invalid selector selects nothing.
        }
      }
    }
    return merged;
  }
  return {};
}

export async function resolveConfiguration(options: {
  client: KubeRestClient;
  sources: readonly ConfigSource[];
  nodeLabels: () => Promise<Record<string, string>>;
  allowKeys: readonly string[];
  denyKeys: readonly string[];
  log: Logger;
}): Promise<Record<string, string>> {
  let config: Record<string, string> = {};
  const used: ConfigSource[] = [];
  const match =
    options.allowKeys.length > 0
      ? new Set(options.allowKeys)
      : options.denyKeys.length > 0
        ? new Set(options.denyKeys)
        : undefined;
  const allowIfMatch = options.allowKeys.length > 0;
  let first = true;
  for (const source of options.sources) {
    let values: Record<string, string>;
    try {
      values = { ...(await readSource(options.client, source, options.nodeLabels, options.log)) };
    } catch (error) {
      throw new Error(
        `failed to read config source ${source.kind}:${source.namespace}/${source.name}: ${(error as Error).message}`,
      );
    }
    options.log.info("Got configuration source", {
      lenConfigPairs: Object.keys(values).length,
      configSource: `${source.kind}:${source.namespace}/${source.name}`,
    });
    if (!first && match) {
      for (const key of Object.keys(values)) {
        if (match.has(key) !== allowIfMatch) {
          options.log.warn("Source has non-overridable key", { configKey: key });
          delete values[key];
        }
      }
    }
    first = false;
    if (Object.keys(values).length > 0) {
      config = { ...config, ...values };
      used.push(source);
    }
  }
  config["config-sources"] = JSON.stringify(
    used.map((s) => ({ kind: s.kind, namespace: s.namespace, name: s.name })),
  );
  config["config-sources-overrides"] = JSON.stringify({
    allowConfigKeys: options.allowKeys,
    denyConfigKeys: options.denyKeys,
  });
  return config;
}

/** resolver.WriteConfigurations: the ConfigMap-volume layout, switched atomically via ..data. */
export function writeConfiguration(dest: string, data: Record<string, string>, now = Date.now()): void {
  const dataDir = `..data_${Math.floor(now / 1000)}`;
  mkdirSync(join(dest, dataDir), { recursive: true });
  for (const [key, value] of Object.entries(data)) {
    if (key.includes("/")) continue;
    writeFileSync(join(dest, dataDir, key), value, { mode: 0o644 });
  }
  rmSync(join(dest, "..data.tmp"), { force: true });
  symlinkSync(dataDir, join(dest, "..data.tmp"));
  renameSync(join(dest, "..data.tmp"), join(dest, "..data"));
  for (const key of Object.keys(data)) {
    try {
      symlinkSync(join("..data", key), join(dest, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
