// kube-proxy replacement: Cilium, not kube-proxy, serves Services. See docs/suites.md.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ciliumComponents } from "../src/conformance/cilium-components.ts";
import { describeKpr, parseKprStatus } from "../src/conformance/kube-proxy-replacement/kpr-status.ts";
import {
  type FilterDump,
  judgeNodeFilters,
  NODE_FILTER_DUMPS,
} from "../src/conformance/kube-proxy-replacement/kube-proxy-chains.ts";
import { kubeProxyDaemonSets } from "../src/conformance/kube-proxy-replacement/kube-proxy-daemonset.ts";
import { nodePortOf, nodePortUrls } from "../src/conformance/kube-proxy-replacement/node-port.ts";
import { execOnNode, runTools, startLanClient } from "../src/conformance/run-tools.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { fail, pass } from "../src/decisions/verdict.ts";
import { ExitCode } from "../src/errors.ts";
import { execInPod } from "../src/k8s/pod-exec.ts";
import { getObject, listObjects } from "../src/k8s/read-objects.ts";
import { waitForObject } from "../src/k8s/wait-for-objects.ts";
import type { StartedLanClient } from "../src/probes/lan-client.ts";
import { describeWgetExit, SUITE_WGET as WGET, wgetCommand } from "../src/probes/wget-command.ts";
import { waitUntil } from "../src/wait/wait-until.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("kube-proxy-replacement");
const tools = runTools(process.env, process.cwd());
const BACKEND = "echo-kpr";
let lan: StartedLanClient | undefined;

beforeAll(async () => {
  const images = workloadImages(process.env);
  await h.session.deploy("echo/echo-backend.yaml", { BACKEND, ECHO_IMAGE: images.echo, REPLICAS: 2 });
  await h.session.deploy("kube-proxy-replacement/nodeport.yaml", { BACKEND });
  await h.session.deploy("kube-proxy-replacement/client-pod.yaml", { CLIENT_IMAGE: images.client });
  await h.session.waitForDeployment(BACKEND);
  await waitForObject(h.client, {
    name: "podsReady",
    budgetMs: h.ctx.budgets.podsReady,
    expectation: "client pod not Running",
    ref: { apiVersion: "v1", kind: "Pod", namespace: h.session.namespace, name: "client" },
    judge: (pod) => {
      const phase = (pod?.status as { phase?: string } | undefined)?.phase;
      return phase === "Running" ? pass(`phase ${phase}`) : fail(`phase ${phase ?? "none"}`);
    },
  });
});

afterAll(async () => {
  await lan?.stop();
});

describe("kube-proxy replacement", () => {
  it("runs no kube-proxy DaemonSet", async () => {
    const { items } = await listObjects(h.client, { apiVersion: "apps/v1", kind: "DaemonSet" });
    expect(kubeProxyDaemonSets(items), "kube-proxy DaemonSets found").toEqual([]);
  });

  it("every Cilium agent reports KubeProxyReplacement enabled", async () => {
    const agent = ciliumComponents(h.ctx.run.ciliumNamespace).agent;
    const { items } = await listObjects(h.client, {
      apiVersion: "v1",
      kind: "Pod",
      namespace: agent.namespace,
      labelSelector: agent.labelSelector,
    });
    expect(items.length, "Cilium agent pods").toBe(h.ctx.run.nodes.length);
    const lines: string[] = [];
    let disabled = 0;
    for (const pod of items) {
      const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? pod.metadata.name;
      const result = await execInPod(h.client, {
        namespace: agent.namespace,
        pod: pod.metadata.name,
        container: agent.container,
        command: ["cilium-dbg", "status"],
      });
      const status = parseKprStatus(result.stdout);
      lines.push(describeKpr(node, status));
      if (!status.enabled) {
        disabled += 1;
        h.session.trackNode(node);
      }
    }
    await h.attach("KubeProxyReplacement per agent", lines.join("\n"));
    expect(disabled, lines.join("; ")).toBe(0);
  });

  it("a ClusterIP Service answers from a pod", async () => {
    const url = `http://${BACKEND}.${h.session.namespace}.svc:8080/`;
    const result = await waitUntil({
      name: "httpConsistency",
      budgetMs: h.ctx.budgets.httpConsistency,
      expectation: `no answer from ${url} inside the client pod`,
      exitCode: ExitCode.conformanceFailed,
      observe: async () => {
        const exec = await execInPod(h.client, {
          namespace: h.session.namespace,
          pod: "client",
          command: wgetCommand(url, WGET),
        });
        return {
          done: exec.exitCode === 0 && exec.stdout.includes(h.session.namespace),
          value: exec.stdout,
          seen: describeWgetExit(exec.exitCode, exec.stderr || exec.stdout, WGET),
        };
      },
    });
    await h.attach("ClusterIP answer", result.value ?? "");
  });

  it("a NodePort answers from the LAN client on every node", async () => {
    const service = await getObject(h.client, {
      apiVersion: "v1",
      kind: "Service",
      namespace: h.session.namespace,
      name: "echo-nodeport",
    });
    const nodePort = nodePortOf(service as Parameters<typeof nodePortOf>[0]);
    expect(nodePort, "nodePort allocated").toBeDefined();
    lan ??= await startLanClient(tools, h.ctx.run, process.env);
    const client = lan;
    for (const { node, url } of nodePortUrls(h.ctx.run.nodes, nodePort ?? 0)) {
      await waitUntil({
        name: "httpConsistency",
        budgetMs: h.ctx.budgets.httpConsistency,
        expectation: `no answer from NodePort ${url} (node ${node}) from the LAN client`,
        exitCode: ExitCode.conformanceFailed,
        observe: async () => {
          const exec = await client.exec(wgetCommand(url, WGET), 15_000);
          return {
            done: exec.exitCode === 0 && exec.stdout.includes('"path"'),
            seen: describeWgetExit(exec.exitCode, exec.stderr || exec.stdout, WGET),
          };
        },
      });
    }
  });

  it("nodes have no kube-proxy iptables chains (legacy and nft) or nftables tables", async () => {
    const found: string[] = [];
    const seen: string[] = [];
    for (const node of h.ctx.run.nodes) {
      const dumps: FilterDump[] = [];
      for (const { backend, argv } of NODE_FILTER_DUMPS) {
        dumps.push(
          await execOnNode(tools, node.name, argv).then(
            (output) => ({ backend, output }),
            (error: unknown) => ({
              backend,
              error: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error),
            }),
          ),
        );
      }
      const verdict = judgeNodeFilters(dumps);
      seen.push(`${node.name}: ${verdict.seen.join("; ")}`);
      expect(
        verdict.readIptables.length,
        `neither iptables backend printed tables on ${node.name} (${verdict.seen.join("; ")})`,
      ).toBeGreaterThan(0);
      found.push(...verdict.found.map((trace) => `${node.name}: ${trace}`));
    }
    await h.attach("packet-filter dumps per node", seen.join("\n"));
    // The traces themselves in the message: vitest would print a long array as "[ …(6) ]".
    expect(found, `kube-proxy chains or tables: ${found.join("; ")}`).toEqual([]);
  });
});
