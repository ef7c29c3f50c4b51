// Fakes for the up orchestration: one event log across docker, exec, kube and loader, so tests
// can assert the order of what `up` did.

import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";
import type { KubeAccess, KubeObject } from "../../src/cluster/kube-access.ts";
import { loadManifestSource } from "../../src/cluster/manifest-source.ts";
import type { UpDeps } from "../../src/cluster/up.ts";
import { CommandFailedError } from "../../src/errors.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import type { DockerNetwork } from "../../src/tools/docker.ts";
import type { RunOptions } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";
import { manualClock } from "../../src/wait/clock.ts";

export interface FakeWorld {
  events: string[];
  envs: Record<string, string | undefined>[];
  networks: Map<string, DockerNetwork>;
  kubeObjects: KubeObject[];
  deps: UpDeps;
  /** Make a command fail: return a failure for matching `tool args…` lines. */
  failWhen: ((line: string) => string | undefined)[];
  /** Make a kube call fail: matched on `get <kind>` / `list <kind>`. */
  kubeFailWhen: ((call: string) => boolean)[];
  kubeconfigServer: string;
  kubeconfigContext: string | undefined;
  gatewayClassAccepted: boolean;
  preflightError: Error | undefined;
  pullFails: Set<string>;
  /** Node containers of kind clusters that exist before up starts: container name → cluster name. */
  foreignKindNodes: Map<string, string>;
  /** The runner's /proc/net/route. */
  hostRoutes: string;
  /** What `cilium status` prints (its summary, with warnings when set). */
  ciliumStatusOutput: string;
  /** Agents available after the install (default: every node). */
  agentsAvailable: number | undefined;
}

export function commandFailure(line: string, stderr: string, exitCode = 1): CommandFailedError {
  return new CommandFailedError({
    command: line,
    exitCode,
    stderrTail: stderr,
    durationMs: 5,
    timedOut: false,
  });
}

/** A /proc/net/route text from [iface, destination hex, mask hex] rows (little-endian, as on amd64). */
export function procNetRoute(rows: readonly [string, string, string][]): string {
  const header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";
  return [
    header,
    ...rows.map(([iface, dest, mask]) => `${iface}\t${dest}\t00000000\t0001\t0\t0\t0\t${mask}\t0\t0\t0`),
  ].join("\n");
}

export function fakeWorld(plan: RunPlan): FakeWorld {
  const world: FakeWorld = {
    events: [],
    envs: [],
    networks: new Map(),
    kubeObjects: [],
    failWhen: [],
    kubeFailWhen: [],
    kubeconfigServer: "https://127.0.0.1:40001",
    kubeconfigContext: undefined,
    gatewayClassAccepted: true,
    preflightError: undefined,
    pullFails: new Set(),
    foreignKindNodes: new Map(),
    hostRoutes: procNetRoute([
      ["eth0", "00000000", "00000000"],
      ["eth0", "000200C0", "00FFFFFF"],
      ["docker0", "000011AC", "0000FFFF"],
    ]),
    ciliumStatusOutput: "Cilium: OK",
    agentsAvailable: undefined,
    deps: undefined as unknown as UpDeps,
  };
  const nodes = [...plan.kind.controlPlaneNodes, ...plan.kind.workerNodes];
  const [, , third] = plan.lan.subnet.split(".");
  const prefix = plan.lan.subnet.split(".").slice(0, 2).join(".");
  const addressOf = (node: string) => {
    const index = nodes.indexOf(node);
    return index < 0
      ? undefined
      : {
          ip: `${prefix}.${third}.${9 + index}`,
          mac: `02:42:c0:a8:05:${(9 + index).toString(16).padStart(2, "0")}`,
        };
  };

  const kube: KubeAccess = {
    async applyServerSide(objects, fieldManager) {
      world.events.push(
        `apply[${fieldManager}] ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(",")}`,
      );
      for (const object of objects) {
        world.kubeObjects = world.kubeObjects.filter(
          (o) => !(o.kind === object.kind && o.metadata.name === object.metadata.name),
        );
        world.kubeObjects.push(structuredClone(object));
      }
    },
    async get(_apiVersion, kind, name) {
      if (world.kubeFailWhen.some((fail) => fail(`get ${kind}`))) throw new Error(`get ${kind} refused`);
      if (kind === "CustomResourceDefinition") {
        const crd = world.kubeObjects.find((o) => o.kind === kind && o.metadata.name === name);
        return crd && { ...crd, status: { conditions: [{ type: "Established", status: "True" }] } };
      }
      if (kind === "Node" && nodes.includes(name)) {
        return {
          apiVersion: "v1",
          kind,
          metadata: { name },
          status: { conditions: [{ type: "Ready", status: "True" }] },
        };
      }
      if (
        kind === "GatewayClass" &&
        name === "cilium" &&
        world.kubeObjects.some((o) => o.kind === "Deployment")
      ) {
        const status = world.gatewayClassAccepted ? "True" : "Unknown";
        const reason = world.gatewayClassAccepted ? "Accepted" : "Pending";
        return {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind,
          metadata: { name },
          status: { conditions: [{ type: "Accepted", status, reason }] },
        };
      }
      return undefined;
    },
    async list(_apiVersion, kind) {
      if (world.kubeFailWhen.some((fail) => fail(`list ${kind}`))) throw new Error(`list ${kind} refused`);
      world.events.push(`list ${kind}`);
      if (kind === "Node") {
        return nodes.map((name) => ({
          apiVersion: "v1",
          kind: "Node",
          metadata: { name },
          status: { conditions: [{ type: "Ready", status: "True" }] },
        }));
      }
      if (kind === "Event") {
        return [
          {
            apiVersion: "v1",
            kind: "Event",
            metadata: { name: "e1", namespace: "kube-system" },
            type: "Warning",
            reason: "BackOff",
            message: "Back-off restarting failed container",
            involvedObject: { kind: "Pod", namespace: "kube-system", name: "cilium-abcde" },
            lastTimestamp: "2026-11-26T20:01:00Z",
          },
        ];
      }
      if (kind === "DaemonSet" || kind === "Deployment" || kind === "Pod") {
        return world.kubeObjects.filter((o) => o.kind === kind);
      }
      return [];
    },
  };

  world.deps = {
    async preflight() {
      world.events.push("preflight");
      if (world.preflightError) throw world.preflightError;
      return { kindVersion: "v0.31.0", ciliumCliVersion: "v0.19.7" };
    },
    docker: {
      async networkInspect(name) {
        return world.networks.get(name);
      },
      async networkListByLabel() {
        return [...world.networks.keys()];
      },
      async psByLabel(labels) {
        const wanted = labels.map((label) => label.split("="));
        return [...world.foreignKindNodes]
          .filter(([, cluster]) =>
            wanted.every(([key, value]) => key === "io.x-k8s.kind.cluster" && (!value || value === cluster)),
          )
          .map(([container]) => container);
      },
      async containerAddress(container) {
        return addressOf(container);
      },
      async pull(image) {
        world.events.push(`pull ${image}`);
        if (world.pullFails.has(image)) throw new Error(`pull access denied for ${image}`);
      },
    },
    async exec(tool: string, args: readonly string[], options: RunOptions = {}) {
      const line = `${tool} ${args.join(" ")}`;
      world.events.push(line);
      world.envs.push(options.env ?? {});
      for (const fail of world.failWhen) {
        const stderr = fail(line);
        if (stderr !== undefined) throw commandFailure(line, stderr);
      }
      if (tool === "docker" && args[0] === "network" && args[1] === "create") {
        const name = args.at(-1) ?? "";
        const labels: Record<string, string> = {};
        args.forEach((arg, i) => {
          if (arg === "--label") {
            const [key, value] = (args[i + 1] ?? "").split("=");
            labels[key ?? ""] = value ?? "";
          }
        });
        const option = (flag: string) => args[args.indexOf(flag) + 1];
        world.networks.set(name, {
          id: "n1",
          name,
          driver: "bridge",
          subnet: option("--subnet"),
          gateway: option("--gateway"),
          ipRange: option("--ip-range"),
          labels,
          containers: [],
        });
      }
      if (tool === "docker" && args[0] === "network" && args[1] === "rm")
        world.networks.delete(args[2] ?? "");
      if (tool === "kind" && args[0] === "create") {
        const name = args[args.indexOf("--name") + 1] ?? "";
        if ([...world.foreignKindNodes.values()].includes(name)) {
          // kind's own refusal (pkg/cluster/internal/create): nothing is created.
          throw commandFailure(
            line,
            `ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"`,
          );
        }
        const path = args[args.indexOf("--kubeconfig") + 1] ?? "";
        const context = world.kubeconfigContext ?? `kind-${plan.clusterName}`;
        await mkdir(dirname(path), { recursive: true });
        await writeFile(
          path,
          stringify({
            apiVersion: "v1",
            kind: "Config",
            "current-context": context,
            contexts: [{ name: context, context: { cluster: context, user: context } }],
            clusters: [{ name: context, cluster: { server: world.kubeconfigServer } }],
            users: [{ name: context, user: { "client-key-data": "S0VZ" } }],
          }),
        );
      }
      if (tool === "kind" && args[0] === "export") {
        const dir = args[2] ?? "";
        await mkdir(dir, { recursive: true });
        await writeFile(`${dir}/kind-version.txt`, "kind v0.31.0\n");
      }
      if (tool === "cilium" && args[0] === "install") {
        // What the chart creates, as Helm marks it: the agent and the operator (which, in this
        // fake, accepts GatewayClass cilium), rolled out.
        const namespace = args[args.indexOf("--namespace") + 1] ?? "kube-system";
        const annotations = {
          "meta.helm.sh/release-name": "cilium",
          "meta.helm.sh/release-namespace": namespace,
        };
        world.kubeObjects.push(
          {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "cilium-operator", namespace, generation: 1, annotations },
            spec: { replicas: 1 },
            status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
          },
          {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: { name: "cilium", namespace, generation: 1, annotations },
            status: {
              observedGeneration: 1,
              desiredNumberScheduled: nodes.length,
              updatedNumberScheduled: nodes.length,
              numberAvailable: world.agentsAvailable ?? nodes.length,
            },
          },
        );
      }
      return {
        command: line,
        exitCode: 0,
        stdout: tool === "cilium" ? (args[0] === "status" ? world.ciliumStatusOutput : "Cilium: OK") : "",
        stderr: "",
        durationMs: 5,
      };
    },
    kube: (_kubeconfigPath, context) => {
      world.events.push(`open-kube ${context}`);
      return kube;
    },
    async loadManifests(source) {
      world.events.push(
        `load ${source.startsWith("https://") ? source : source.replace(/^.*\/plan\//, "plan/")}`,
      );
      if (source.startsWith("https://")) {
        return plan.gatewayApi.crdNames.map((name) => ({
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          metadata: { name },
        }));
      }
      return loadManifestSource(source);
    },
    readHostRoutes: async () => world.hostRoutes,
    clock: manualClock(),
    now: () => new Date("2026-11-26T20:00:00Z"),
    transcript: new Transcript(),
    log: () => undefined,
  };
  return world;
}
