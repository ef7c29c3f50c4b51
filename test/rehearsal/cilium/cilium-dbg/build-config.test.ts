import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readConfigDir } from "../../../../rehearsal/cilium/agent/startup/config-dir.ts";
import {
  defaultSources,
  parseSources,
  resolveConfiguration,
  writeConfiguration,
} from "../../../../rehearsal/cilium/cilium-dbg/build-config.ts";
import { createLogger } from "../../../../rehearsal/cilium/log-line.ts";
import type { KubeRestClient } from "../../../../rehearsal/k8s/kube-rest-client.ts";
import type { FakeKubeApi } from "../../../support/fake-kube-api.ts";
import { startServiceAccountApi } from "../../support/service-account-api.ts";

let api: FakeKubeApi | undefined;
let client: KubeRestClient | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await client?.close();
  await api?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const env = { CILIUM_K8S_NAMESPACE: "cilium", K8S_NODE_NAME: "kind-worker" };

function resolveDefaults(kube: KubeRestClient) {
  return resolveConfiguration({
    client: kube,
    sources: parseSources(defaultSources(env), env),
    nodeLabels: async () => ({}),
    allowKeys: [],
    denyKeys: [],
    log: createLogger(() => {}),
  });
}

describe("cilium-dbg build-config", () => {
  it("parses the chart's sources as build-config does", () => {
    expect(parseSources(defaultSources(env), env)).toEqual([
      { kind: "config-map", namespace: "cilium", name: "cilium-config" },
      { kind: "cilium-node-config", namespace: "cilium", name: "" },
    ]);
    expect(parseSources(["config-map:other/cfg", "node:n1"], env)).toEqual([
      { kind: "config-map", namespace: "other", name: "cfg" },
      { kind: "node", namespace: "", name: "n1" },
    ]);
    expect(() => parseSources(["nope:x"], env)).toThrow("unknown config source nope");
  });

  it("reads cilium-config from the API server and writes it the way a ConfigMap volume looks, which the agent reads", async () => {
    ({ api, client } = await startServiceAccountApi());
    api.put({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cilium-config", namespace: "cilium" },
      data: { "kube-proxy-replacement": "true", "enable-l2-announcements": "true" },
    });
    const data = await resolveDefaults(client);
    expect(data).toMatchObject({ "kube-proxy-replacement": "true", "enable-l2-announcements": "true" });
    expect(JSON.parse(data["config-sources"]!)).toEqual([
      { kind: "config-map", namespace: "cilium", name: "cilium-config" },
    ]);
    const dest = mkdtempSync(join(tmpdir(), "cc-build-config-"));
    dirs.push(dest);
    writeConfiguration(dest, data, 1_700_000_000_000);
    expect(readlinkSync(join(dest, "..data"))).toBe("..data_1700000000");
    expect(readlinkSync(join(dest, "kube-proxy-replacement"))).toBe(join("..data", "kube-proxy-replacement"));
    expect(readFileSync(join(dest, "kube-proxy-replacement"), "utf8")).toBe("true");
    expect(readdirSync(dest).filter((f) => !f.startsWith(".."))).toContain("enable-l2-announcements");
    expect(readConfigDir(dest)).toMatchObject({
      "kube-proxy-replacement": "true",
      "enable-l2-announcements": "true",
    });
  });

  it("tolerates a missing ConfigMap and missing CiliumNodeConfig CRDs", async () => {
    ({ api, client } = await startServiceAccountApi());
    const data = await resolveDefaults(client);
    expect(Object.keys(data).sort()).toEqual(["config-sources", "config-sources-overrides"]);
  });
});
