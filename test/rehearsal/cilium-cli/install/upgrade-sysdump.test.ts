// `cilium upgrade` (Helm v4 upgrade semantics over the release the fake install stored) and
// `cilium sysdump` (a zip named by --output-filename with <ts> replaced).

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { decodeReleaseSecret } from "../../../../rehearsal/cilium-cli/install/helm-release.ts";
import { runCli } from "../../../../rehearsal/cilium-cli/run-cli.ts";
import { sysdumpTimestamp } from "../../../../rehearsal/cilium-cli/sysdump/sysdump.ts";
import type { FakeKubeApi } from "../../../support/fake-kube-api.ts";
import { recordingIo, startRehearsalApi } from "../../support/rehearsal-api.ts";

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const release = (fake: FakeKubeApi, revision: number) => {
  const secret = fake.get({
    apiVersion: "v1",
    kind: "Secret",
    namespace: "kube-system",
    name: `sh.helm.release.v1.cilium.v${revision}`,
  });
  return secret ? decodeReleaseSecret(secret as never) : undefined;
};

/** The entries of a zip (names and contents), read through its central directory. */
function unzip(buffer: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    entries.set(
      name,
      inflateRawSync(buffer.subarray(dataStart, dataStart + compressedSize)).toString("utf8"),
    );
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe("cilium upgrade", () => {
  it("reuses the last release's values, applies the overrides, renders the new chart and records revision 2", async () => {
    const started = await startRehearsalApi();
    api = started.api;
    const io = recordingIo({ KUBECONFIG: started.kubeconfig });
    expect(
      await runCli(["install", "--version", "1.17.17", "--set", "l2announcements.enabled=true"], io),
    ).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "cc-upgrade-"));
    const overlay = join(dir, "overlay.yaml");
    writeFileSync(overlay, "debug:\n  enabled: true\n");
    const upgradeIo = recordingIo({ KUBECONFIG: started.kubeconfig });
    const code = await runCli(["upgrade", "--version", "1.18.11", "--values", overlay], upgradeIo);
    expect(upgradeIo.err).toBe("");
    expect(code).toBe(0);
    expect(upgradeIo.out).toContain(
      "⚠️  You maybe need to restart Cilium pods for configmap changes to take effect",
    );
    const second = release(api, 2) as {
      info?: { status?: string };
      chart?: { metadata?: { version?: string } };
      config?: Record<string, unknown>;
    };
    expect(second.info?.status).toBe("deployed");
    expect(second.chart?.metadata?.version).toBe("1.18.11");
    expect(second.config).toMatchObject({ l2announcements: { enabled: true }, debug: { enabled: true } });
    expect(release(api, 1)?.info?.status).toBe("superseded");
    const operator = api.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      namespace: "kube-system",
      name: "cilium-operator",
    }) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(operator.spec.template.spec.containers[0]?.image).toMatch(/operator-generic:v1\.18\.11/);
    const config = api.get({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: "kube-system",
      name: "cilium-config",
    }) as { data: Record<string, string> };
    expect(config.data.debug).toBe("true");
    expect(config.data["enable-l2-announcements"]).toBe("true");
  });

  it("fails without a release to upgrade", async () => {
    const started = await startRehearsalApi();
    api = started.api;
    const io = recordingIo({ KUBECONFIG: started.kubeconfig });
    expect(await runCli(["upgrade", "--version", "1.18.11"], io)).toBe(1);
    expect(io.err).toContain('Unable to upgrade Cilium: "cilium" has no deployed releases');
  });
});

describe("cilium sysdump", () => {
  it("zips the cluster's objects and the Cilium pods' logs under <name with <ts> replaced>.zip", async () => {
    const started = await startRehearsalApi();
    api = started.api;
    api.put({ apiVersion: "v1", kind: "Node", metadata: { name: "kind-worker" } });
    const dir = mkdtempSync(join(tmpdir(), "cc-sysdump-"));
    const io = recordingIo({ KUBECONFIG: started.kubeconfig });
    const code = await runCli(["sysdump", "--output-filename", join(dir, "dump-<ts>")], io);
    expect(io.err).toBe("");
    expect(code).toBe(0);
    const ts = sysdumpTimestamp(io.now());
    const file = join(dir, `dump-${ts}.zip`);
    expect(io.out).toContain(`✅ The sysdump has been saved to ${file}`);
    const entries = unzip(readFileSync(file));
    expect(entries.get(`dump-${ts}/k8s-nodes-${ts}.yaml`)).toContain("kind-worker");
  });
});
