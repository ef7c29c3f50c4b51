// A scene for the agent double on real packets: a test network, the rehearsal's API server on the
// network's gateway address (so node containers reach it as pods reach theirs), node containers
// from the rehearsal's node image running the agent with a config dir and ServiceAccount folder
// the test writes, and the offline LAN client. Everything is labelled and removed by close().

import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach } from "vitest";
import { ensureNodeImage } from "../../../../../rehearsal/images/build-node-image.ts";
import { createClusterPki } from "../../../../../rehearsal/kube-api/certificates.ts";
import type { FakeResource } from "../../../../../rehearsal/kube-api/resources.ts";
import { KubeApiServer } from "../../../../../rehearsal/kube-api/server.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../../../../src/probes/lan-client-image.ts";
import {
  createTestNetwork,
  dockerBin,
  removeContainerQuietly,
  removeNetworkQuietly,
  requireDocker,
  requireOfflineImage,
  testDocker,
  uniqueSuffix,
} from "../../../../support/docker.ts";
import { DEFAULT_RESOURCES } from "../../../../support/fake-kube-api.ts";

const run = promisify(execFile);
export const SCENE_LABEL = "io.cilium-conformance/test-scene";
const TOKEN = "agent-scene-token";
const PROJECT = resolve(import.meta.dirname, "../../../../..");

export const SCENE_RESOURCES: readonly FakeResource[] = [
  ...DEFAULT_RESOURCES,
  {
    group: "discovery.k8s.io",
    version: "v1",
    kind: "EndpointSlice",
    plural: "endpointslices",
    namespaced: true,
  },
  { group: "cilium.io", version: "v2", kind: "CiliumNode", plural: "ciliumnodes", namespaced: false },
  {
    group: "cilium.io",
    version: "v2",
    kind: "CiliumEnvoyConfig",
    plural: "ciliumenvoyconfigs",
    namespaced: true,
  },
];

export interface SceneNode {
  name: string;
  container: string;
  ip: string;
  mac: string;
  podCidr: string;
}

export class AgentScene {
  readonly id = uniqueSuffix();
  readonly network = `cc-test-agent-${this.id}`;
  readonly nodes: SceneNode[] = [];
  lanClient = "";
  prefix = "";
  api!: KubeApiServer;
  private readonly dir = mkdtempSync(join(tmpdir(), "cc-agent-scene-"));
  private readonly containers: string[] = [];

  ip(host: number): string {
    return `${this.prefix}.${host}`;
  }

  async start(config: Record<string, string>): Promise<void> {
    requireDocker();
    requireOfflineImage();
    const image = (await ensureNodeImage({ docker: dockerBin })).image;
    const spec = await createTestNetwork(testDocker(), this.network, { [SCENE_LABEL]: this.id });
    this.prefix = spec.subnet.split(".").slice(0, 3).join(".");
    const gateway = this.ip(1);
    const pki = await createClusterPki({ serverNames: [gateway] });
    this.api = new KubeApiServer({
      tls: { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca.cert },
      resources: SCENE_RESOURCES,
      tokens: [
        (token) =>
          token === TOKEN
            ? {
                name: "system:serviceaccount:kube-system:cilium",
                groups: ["system:serviceaccounts", "system:authenticated"],
              }
            : undefined,
      ],
    });
    await this.api.listen(0, gateway);
    const port = new URL(this.api.url).port;
    mkdirSync(join(this.dir, "sa"));
    writeFileSync(join(this.dir, "sa", "token"), TOKEN);
    writeFileSync(join(this.dir, "sa", "ca.crt"), pki.ca.cert);
    writeFileSync(join(this.dir, "sa", "namespace"), "kube-system");
    mkdirSync(join(this.dir, "config"));
    for (const [key, value] of Object.entries(config)) writeFileSync(join(this.dir, "config", key), value);
    chmodSync(this.dir, 0o755);
    this.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } });
    for (const [i, name] of ["node-a", "node-b"].entries()) {
      const container = `cc-test-agent-${this.id}-${name}`;
      this.containers.push(container);
      await run(dockerBin, [
        "run",
        "-d",
        "--name",
        container,
        "--hostname",
        name,
        "--label",
        `${SCENE_LABEL}=${this.id}`,
        "--network",
        this.network,
        "--cap-add",
        "NET_ADMIN",
        "--cap-add",
        "NET_RAW",
        "--cap-add",
        "SYS_ADMIN",
        "--sysctl",
        "net.ipv4.ip_forward=1",
        "-v",
        `${PROJECT}:/opt/cc:ro`,
        // node_modules may be a symlink out of the project (a second worktree): mount what it points at.
        "-v",
        `${realpathSync(join(PROJECT, "node_modules"))}:/opt/cc/node_modules:ro`,
        "-v",
        `${this.dir}:/scene:ro`,
        "-e",
        `K8S_NODE_NAME=${name}`,
        "-e",
        "CILIUM_K8S_NAMESPACE=kube-system",
        "-e",
        `KUBERNETES_SERVICE_HOST=${gateway}`,
        "-e",
        `KUBERNETES_SERVICE_PORT=${port}`,
        "-e",
        "CC_SERVICEACCOUNT_DIR=/scene/sa",
        "-e",
        `CC_MOUNTS=${JSON.stringify({ "/tmp/cilium/config-map": "/scene/config", "/host/etc/cni/net.d": "/etc/cni/net.d" })}`,
        "-e",
        `CC_REHEARSAL_FAULTS=${process.env.CC_SCENE_FAULTS ?? ""}`,
        "--entrypoint",
        "/usr/local/bin/node",
        image,
        "/opt/cc/rehearsal/cilium/agent/main.ts",
        "--config-dir=/tmp/cilium/config-map",
      ]);
      const facts = inspect(container);
      const podCidr = `10.244.${i + 1}.0/24`;
      this.nodes.push({ name, container, ip: facts.ip, mac: facts.mac, podCidr });
      this.api.put({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels: { "kubernetes.io/hostname": name } },
        spec: { podCIDR: podCidr, podCIDRs: [podCidr] },
        status: {
          addresses: [
            { type: "InternalIP", address: facts.ip },
            { type: "Hostname", address: name },
          ],
        },
      });
    }
    this.lanClient = `cc-test-agent-${this.id}-lan`;
    this.containers.push(this.lanClient);
    await run(dockerBin, [
      "run",
      "-d",
      "--name",
      this.lanClient,
      "--label",
      `${SCENE_LABEL}=${this.id}`,
      "--network",
      this.network,
      "--cap-drop",
      "ALL",
      "--cap-add",
      "NET_RAW",
      OFFLINE_LAN_CLIENT_IMAGE,
      "sleep",
      "3600",
    ]);
  }

  /** Runs in a container; never throws on a non-zero exit. */
  async exec(container: string, argv: string[], timeoutMs = 15_000): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await run(dockerBin, ["exec", container, ...argv], { timeout: timeoutMs });
      return { code: 0, out: `${stdout}${stderr}` };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  }

  /** MACs answering ARP for `ip` from the LAN client (busybox arping). */
  async arpAnswers(ip: string, count = 2): Promise<string[]> {
    const { out } = await this.exec(this.lanClient, [
      "arping",
      "-c",
      String(count),
      "-w",
      String(count + 1),
      "-I",
      "eth0",
      ip,
    ]);
    const macs = [...out.matchAll(/reply from [\d.]+ \[([0-9a-f:]+)\]/gi)].map((m) => m[1]!.toLowerCase());
    return [...new Set(macs)];
  }

  /** The container's output (the agent logs to stderr, as cilium-agent does). */
  logs(container: string): string {
    const result = spawnSync(dockerBin, ["logs", container], { encoding: "utf8" });
    return `${result.stdout ?? ""}${result.stderr ?? ""}`;
  }

  async close(): Promise<void> {
    for (const container of this.containers) {
      try {
        execFileSync(dockerBin, ["unpause", container], { stdio: "ignore" });
      } catch {
        // Not paused.
      }
      removeContainerQuietly(container);
    }
    removeNetworkQuietly(this.network);
    await this.api?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function inspect(container: string): { ip: string; mac: string } {
  const out = execFileSync(
    dockerBin,
    [
      "inspect",
      "--format",
      "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}}{{end}}",
      container,
    ],
    { encoding: "utf8" },
  ).trim();
  const [ip = "", mac = ""] = out.split(" ");
  return { ip, mac: mac.toLowerCase() };
}

/** Prints the agents' logs after a failed test of the file (what a reviewer needs first). */
export function printAgentLogsOnFailure(scene: AgentScene): void {
  afterEach((context) => {
    if (context.task.result?.state !== "fail") return;
    for (const node of scene.nodes) {
      console.error(`--- ${node.name} agent log ---\n${scene.logs(node.container).slice(-3000)}`);
    }
  });
}

export async function until<T>(
  what: string,
  budgetMs: number,
  check: () => Promise<T | undefined>,
  stepMs = 250,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${budgetMs}ms waiting for ${what}${last ? ` (last: ${String(last)})` : ""}`,
      );
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
