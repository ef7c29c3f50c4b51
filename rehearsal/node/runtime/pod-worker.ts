// One pod on this node, from admission to teardown, as the kubelet's pod worker runs it
// (kubernetes/kubernetes pkg/kubelet/pod_workers.go, kuberuntime_manager.go SyncPod): for a pod
// with its own network, wait for the runtime network (a CNI config), make the sandbox (netns) and
// ask the CNI for an IP (failures: FailedCreatePodSandBox, retried); volumes (FailedMount,
// retried); init containers in order, each to success; then the containers, each restarted per
// the policy. On deletion every container is stopped within the grace period, the CNI releases
// the IP and the sandbox goes; then the kubelet removes the pod object.

import { rm } from "node:fs/promises";
import { join } from "node:path";
import { faultsEnv } from "../../faults/faults.ts";
import type { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import type { KubeletSettings } from "../kubeadm/node-bootstrap.ts";
import { NETWORK_NOT_READY_MESSAGE } from "../kubelet/node-object.ts";
import { NODE_PATHS } from "../node-paths.ts";
import { CniError, cniAdd, cniConfigured, cniDel } from "./cni-client.ts";
import {
  ContainerConfigError,
  containerEnvironment,
  type EnvSources,
  envSourceNames,
} from "./container-env.ts";
import { ContainerRunner } from "./container-runner.ts";
import {
  clusterFirstDns,
  createNetns,
  hostsFile,
  removeNetns,
  resolvConf,
  sandboxName,
  writeNetnsFiles,
} from "./pod-sandbox.ts";
import type { PodRuntimeState } from "./pod-status.ts";
import { containerMounts, MountError, type PreparedVolumes, podDir, prepareVolumes } from "./pod-volumes.ts";

type Json = Record<string, unknown>;

export interface PodWorkerDeps {
  settings: KubeletSettings;
  allocatable: { cpuMillis: number; memoryBytes: number };
  client: () => KubeRestClient | undefined;
  event: (pod: Json, type: "Normal" | "Warning", reason: string, message: string) => void;
  statusChanged: (worker: PodWorker) => void;
  loadedImages: () => Promise<Set<string>>;
  log: (line: string) => void;
  nodeBinary: string;
}

const meta = (pod: Json) => (pod.metadata ?? {}) as Json;
const spec = (pod: Json) => (pod.spec ?? {}) as Json;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class PodWorker {
  pod: Json;
  readonly uid: string;
  readonly isStatic: boolean;
  readonly state: PodRuntimeState;
  private readonly deps: PodWorkerDeps;
  private readonly initRunners: ContainerRunner[] = [];
  private readonly runners: ContainerRunner[] = [];
  private netns: string | undefined;
  private stopping: Promise<void> | undefined;
  private stopRequested = false;
  readonly done: Promise<void>;

  constructor(pod: Json, deps: PodWorkerDeps, options: { static: boolean }) {
    this.pod = pod;
    this.deps = deps;
    this.uid = String(meta(pod).uid);
    this.isStatic = options.static;
    this.state = {
      sandboxReady: false,
      hostIP: deps.settings.nodeIP,
      podIP: spec(pod).hostNetwork === true ? deps.settings.nodeIP : undefined,
      startTime: new Date().toISOString(),
      initContainers: [],
      containers: [],
    };
    for (const container of (spec(pod).initContainers ?? []) as Json[])
      this.initRunners.push(this.runner(container, true));
    for (const container of (spec(pod).containers ?? []) as Json[])
      this.runners.push(this.runner(container, false));
    this.state.initContainers = this.initRunners.map((r) => r.status);
    this.state.containers = this.runners.map((r) => r.status);
    this.done = this.run().catch((error: unknown) =>
      deps.log(`pod ${this.key}: worker failed: ${(error as Error).stack ?? String(error)}`),
    );
  }

  get key(): string {
    return `${String(meta(this.pod).namespace)}/${String(meta(this.pod).name)}`;
  }

  get hostNetwork(): boolean {
    return spec(this.pod).hostNetwork === true;
  }

  container(name: string): ContainerRunner | undefined {
    return [...this.runners, ...this.initRunners].find((runner) => runner.name === name);
  }

  /** Where a container's log files are. */
  logDir(container: string): string {
    const m = meta(this.pod);
    return join(NODE_PATHS.podLogsDir, `${String(m.namespace)}_${String(m.name)}_${this.uid}`, container);
  }

  private runner(container: Json, init: boolean): ContainerRunner {
    let volumes: PreparedVolumes | undefined;
    return new ContainerRunner({
      pod: () => this.pod,
      container,
      init,
      netns: () => this.netns,
      podIP: () => this.state.podIP ?? "",
      environment: async () => {
        volumes ??= this.volumes;
        return this.environment(container, volumes);
      },
      shimDir: join(podDir(this.uid), "shims", String(container.name)),
      logDir: this.logDir(String(container.name)),
      loadedImages: this.deps.loadedImages,
      event: (type, reason, message) => this.deps.event(this.pod, type, reason, message),
      changed: () => this.deps.statusChanged(this),
      nodeBinary: this.deps.nodeBinary,
    });
  }

  private volumes: PreparedVolumes | undefined;

  private async environment(
    container: Json,
    volumes: PreparedVolumes | undefined,
  ): Promise<Record<string, string>> {
    const names = envSourceNames(this.pod, container);
    const client = this.deps.client();
    const sources: EnvSources = { configMaps: new Map(), secrets: new Map() };
    for (const key of names.configMaps) {
      const [ns, name] = key.split("/");
      const cm = await client?.get<Json>(`/api/v1/namespaces/${ns}/configmaps/${name}`);
      (sources.configMaps as Map<string, Record<string, string> | undefined>).set(
        key,
        cm ? ((cm.data ?? {}) as Record<string, string>) : undefined,
      );
    }
    for (const key of names.secrets) {
      const [ns, name] = key.split("/");
      const secret = await client?.get<Json>(`/api/v1/namespaces/${ns}/secrets/${name}`);
      const data = secret
        ? Object.fromEntries(
            Object.entries((secret.data ?? {}) as Record<string, string>).map(([k, v]) => [
              k,
              Buffer.from(v, "base64").toString("utf8"),
            ]),
          )
        : undefined;
      (sources.secrets as Map<string, Record<string, string> | undefined>).set(key, data);
    }
    const env = containerEnvironment({
      pod: this.pod,
      container,
      nodeName: this.deps.settings.nodeName,
      nodeIP: this.deps.settings.nodeIP,
      podIP: this.state.podIP ?? "",
      kubernetesService: this.deps.settings.kubernetesService,
      allocatable: this.deps.allocatable,
      sources,
    });
    const m = meta(this.pod);
    return {
      ...env,
      HOSTNAME: this.hostNetwork ? this.deps.settings.nodeName : String(m.name),
      CC_NODE_NAME: this.deps.settings.nodeName,
      CC_NODE_IP: this.deps.settings.nodeIP,
      CC_POD_NAME: String(m.name),
      CC_POD_NAMESPACE: String(m.namespace),
      CC_POD_UID: this.uid,
      CC_POD_IP: this.state.podIP ?? "",
      CC_CONTAINER_NAME: String(container.name),
      CC_MOUNTS: JSON.stringify(volumes ? containerMounts(container, volumes) : {}),
      ...(volumes?.serviceAccountDir ? { CC_SERVICEACCOUNT_DIR: volumes.serviceAccountDir } : {}),
      ...(this.netns ? { CC_NETNS: this.netns } : {}),
      ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
      ...faultsEnv(),
    };
  }

  private async sandbox(): Promise<boolean> {
    if (this.hostNetwork) {
      this.state.sandboxReady = true;
      return true;
    }
    const event = (reason: string, message: string) => this.deps.event(this.pod, "Warning", reason, message);
    let announced = false;
    while (!this.stopRequested) {
      if (!(await cniConfigured())) {
        if (!announced) event("NetworkNotReady", `network is not ready: ${NETWORK_NOT_READY_MESSAGE}`);
        announced = true;
        await sleep(1000);
        continue;
      }
      const name = sandboxName(this.uid);
      try {
        await createNetns(name);
        const m = meta(this.pod);
        const { ip } = await cniAdd({
          podUid: this.uid,
          namespace: String(m.namespace),
          name: String(m.name),
          netns: name,
          containerId: this.uid,
        });
        this.state.podIP = ip;
        const dnsPolicy = String(spec(this.pod).dnsPolicy ?? "ClusterFirst");
        const dns =
          dnsPolicy === "Default"
            ? { nameservers: ["127.0.0.11"], searches: [], options: ["ndots:0"] }
            : clusterFirstDns(
                String(m.namespace),
                this.deps.settings.clusterDNS,
                this.deps.settings.clusterDomain,
              );
        await writeNetnsFiles(name, { resolvConf: resolvConf(dns), hosts: hostsFile(ip, String(m.name)) });
        this.netns = name;
        this.state.sandboxReady = true;
        this.deps.statusChanged(this);
        return true;
      } catch (error) {
        const message = error instanceof CniError ? error.message : (error as Error).message;
        event(
          "FailedCreatePodSandBox",
          `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${this.uid}": ${message}`,
        );
        await removeNetns(name).catch(() => undefined);
        await sleep(2000);
      }
    }
    return false;
  }

  private async prepareVolumes(): Promise<boolean> {
    let lastMessage = "";
    while (!this.stopRequested) {
      try {
        this.volumes = await prepareVolumes(this.deps.client(), this.pod, { static: this.isStatic });
        return true;
      } catch (error) {
        if (!(error instanceof MountError)) throw error;
        if (error.message !== lastMessage) {
          this.deps.event(
            this.pod,
            "Warning",
            "FailedMount",
            `MountVolume.SetUp failed for volume: ${error.message}`,
          );
          lastMessage = error.message;
        }
        await sleep(1000);
      }
    }
    return false;
  }

  private async run(): Promise<void> {
    this.deps.statusChanged(this);
    if (!(await this.sandbox())) return;
    if (!(await this.prepareVolumes())) return;
    for (const runner of this.initRunners) {
      if (this.stopRequested) return;
      const outcome = await runner.run();
      if (outcome !== "succeeded") return;
    }
    if (this.stopRequested) return;
    await Promise.all(
      this.runners.map((runner) =>
        runner.run().catch((error: unknown) => {
          if (!(error instanceof ContainerConfigError)) throw error;
        }),
      ),
    );
  }

  update(pod: Json): void {
    this.pod = pod;
  }

  /** Stops every container within `graceMs`, releases the IP and removes the sandbox. */
  terminate(graceMs: number): Promise<void> {
    this.stopRequested = true;
    this.stopping ??= (async () => {
      await Promise.all([...this.initRunners, ...this.runners].map((runner) => runner.stop(graceMs)));
      await this.done;
      const m = meta(this.pod);
      if (this.netns) {
        await cniDel({
          podUid: this.uid,
          namespace: String(m.namespace),
          name: String(m.name),
          netns: this.netns,
          containerId: this.uid,
        }).catch((error: unknown) =>
          this.deps.log(`pod ${this.key}: CNI DEL failed: ${(error as Error).message}`),
        );
        await removeNetns(this.netns).catch(() => undefined);
      }
      this.state.sandboxReady = false;
      await rm(join(podDir(this.uid), "shims"), { recursive: true, force: true });
    })();
    return this.stopping;
  }
}
