// The kubelet double: static pods from the manifest folder (before any API server exists, as the
// control plane needs), node registration and status, the heartbeat Lease, the pods the scheduler
// binds here (a list+watch on spec.nodeName), their status, termination and final removal, mirror
// pods, events, and the server the API server calls for exec, logs and port-forward.

import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { cpus, release, totalmem } from "node:os";
import { pathInformer } from "../../k8s/informer.ts";
import { kubeconfigClientConfig } from "../../k8s/kube-config.ts";
import { isConflict, isNotFound, KubeRestClient } from "../../k8s/kube-rest-client.ts";
import type { KubeletSettings } from "../kubeadm/node-bootstrap.ts";
import { KUBELET_PORT, NODE_PATHS } from "../node-paths.ts";
import { cniConfigured } from "../runtime/cni-client.ts";
import { podStatus } from "../runtime/pod-status.ts";
import { PodWorker, type PodWorkerDeps } from "../runtime/pod-worker.ts";
import { EventRecorder } from "./event-recorder.ts";
import { startKubeletServer } from "./kubelet-server.ts";
import { RENEW_INTERVAL_MS, renewNodeLease } from "./node-lease.ts";
import { type NodeFacts, nodeStatus, registrationNode, statusChanged } from "./node-object.ts";
import { MIRROR_ANNOTATION, mirrorPod, readStaticPods } from "./static-pods.ts";
import { podStatusNeedsSync, STATUS_SYNC_PERIOD_MS } from "./status-sync.ts";

type Json = Record<string, unknown>;
type PodObject = {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
    deletionGracePeriodSeconds?: number;
  };
} & Json;

const STATUS_INTERVAL_MS = 10_000;
const STATUS_REPORT_MS = 60_000;

function nodeFacts(): NodeFacts {
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8").trim();
    } catch {
      return undefined;
    }
  };
  let machineID = read("/etc/machine-id");
  if (!machineID) {
    machineID = randomUUID().replaceAll("-", "");
    try {
      writeFileSync("/etc/machine-id", `${machineID}\n`);
    } catch {}
  }
  return {
    hostname: read("/etc/hostname") ?? "",
    kernelVersion: release(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    bootID: read("/proc/sys/kernel/random/boot_id") ?? randomUUID(),
    machineID,
  };
}

export class Kubelet {
  private readonly settings: KubeletSettings;
  private readonly log: (line: string) => void;
  private readonly client: KubeRestClient;
  private readonly facts = nodeFacts();
  private readonly workers = new Map<string, PodWorker>();
  /** API name (ns/name) → worker, for mirror pods whose worker is keyed by the static UID. */
  private readonly byName = new Map<string, PodWorker>();
  private readonly events: EventRecorder;
  private apiReady = false;
  private nodeUid = "";
  private lastStatus: Json | undefined;
  private lastReport = 0;
  private readonly pendingStatus = new Map<string, NodeJS.Timeout>();

  constructor(settings: KubeletSettings, log: (line: string) => void) {
    this.settings = settings;
    this.log = log;
    this.client = new KubeRestClient(kubeconfigClientConfig(NODE_PATHS.kubeletKubeconfig), {
      requestTimeoutMs: 15_000,
    });
    this.events = new EventRecorder(() => (this.apiReady ? this.client : undefined), {
      component: "kubelet",
      host: settings.nodeName,
    });
  }

  async start(): Promise<void> {
    const token = (await readFile(NODE_PATHS.kubeletClientToken, "utf8")).trim();
    await startKubeletServer(this.settings.nodeIP, KUBELET_PORT, {
      token,
      worker: (namespace, name) => this.byName.get(`${namespace}/${name}`),
      log: this.log,
    });
    this.log(`kubelet: serving on ${this.settings.nodeIP}:${KUBELET_PORT}`);
    if (this.settings.staticPodPath) {
      for (const pod of await readStaticPods(this.settings.staticPodPath, this.settings.nodeName)) {
        this.log(`kubelet: static pod ${String((pod.metadata as Json).name)}`);
        this.startWorker(pod, true);
      }
    }
    void this.registerAndRun();
  }

  private deps(): PodWorkerDeps {
    return {
      settings: this.settings,
      allocatable: { cpuMillis: this.facts.cpus * 1000, memoryBytes: this.facts.memoryBytes },
      client: () => (this.apiReady ? this.client : undefined),
      event: (pod, type, reason, message) => this.events.record(pod, type, reason, message),
      statusChanged: (worker) => this.scheduleStatus(worker),
      loadedImages: async () => {
        try {
          return new Set(Object.keys(JSON.parse(await readFile(NODE_PATHS.loadedImages, "utf8")) as Json));
        } catch {
          return new Set();
        }
      },
      log: this.log,
      nodeBinary: process.execPath,
    };
  }

  private startWorker(pod: Json, isStatic: boolean): PodWorker {
    const worker = new PodWorker(pod, this.deps(), { static: isStatic });
    this.workers.set(worker.uid, worker);
    this.byName.set(worker.key, worker);
    return worker;
  }

  private async registerAndRun(): Promise<void> {
    for (;;) {
      try {
        const created = await this.client
          .create<Json>("/api/v1/nodes", registrationNode(this.settings))
          .catch(async (error: unknown) => {
            if (!isConflict(error)) throw error;
            return (await this.client.get<Json>(`/api/v1/nodes/${this.settings.nodeName}`)) as Json;
          });
        this.nodeUid = String((created.metadata as Json).uid ?? "");
        break;
      } catch (error) {
        this.log(`kubelet: unable to register node with API server: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    this.apiReady = true;
    this.log(`kubelet: successfully registered node ${this.settings.nodeName}`);
    await this.syncNodeStatus(true);
    setInterval(() => void this.syncNodeStatus(false), 1000).unref();
    const renew = () =>
      renewNodeLease(this.client, { name: this.settings.nodeName, uid: this.nodeUid }, new Date()).catch(
        (error: unknown) => this.log(`kubelet: failed to renew lease: ${(error as Error).message}`),
      );
    void renew();
    setInterval(renew, RENEW_INTERVAL_MS).unref();
    setInterval(() => this.syncPodStatuses(), STATUS_SYNC_PERIOD_MS).unref();
    for (const worker of this.workers.values()) if (worker.isStatic) void this.ensureMirror(worker);
    const informer = pathInformer<PodObject>(this.client, "/api/v1/pods", {
      fieldSelector: `spec.nodeName=${this.settings.nodeName}`,
      onError: (error) => this.log(`kubelet: pod watch: ${(error as Error).message}`),
    });
    informer.on({ upsert: (pod) => this.onPod(pod), delete: (pod) => this.onPodGone(pod) }).start();
  }

  private async ensureMirror(worker: PodWorker): Promise<void> {
    const meta = worker.pod.metadata as Json;
    const path = `/api/v1/namespaces/${String(meta.namespace)}/pods`;
    for (;;) {
      try {
        await this.client.create(
          path,
          mirrorPod(worker.pod, { name: this.settings.nodeName, uid: this.nodeUid }),
        );
        break;
      } catch (error) {
        if (isConflict(error)) break;
        this.log(`kubelet: failed creating a mirror pod for ${worker.key}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    this.scheduleStatus(worker);
  }

  private onPod(pod: PodObject): void {
    const meta = pod.metadata;
    const key = `${meta.namespace}/${meta.name}`;
    if (meta.annotations?.[MIRROR_ANNOTATION]) {
      // A deleted mirror pod is removed at once and made again: the static pod keeps running
      // (kubelet pod/mirror_client.go; the file, not the API, is its source).
      const worker = this.workers.get(meta.annotations[MIRROR_ANNOTATION]);
      if (worker && meta.deletionTimestamp) {
        void this.client
          .delete(`/api/v1/namespaces/${meta.namespace}/pods/${meta.name}`, {
            query: { gracePeriodSeconds: "0" },
          })
          .catch(() => undefined)
          .then(() => this.ensureMirror(worker));
      }
      return;
    }
    let worker = this.workers.get(String(meta.uid));
    if (!worker) {
      if (meta.deletionTimestamp) {
        void this.finish(pod);
        return;
      }
      worker = this.startWorker(pod, false);
    } else worker.update(pod);
    this.byName.set(key, worker);
    if (meta.deletionTimestamp) {
      const graceMs =
        Number(meta.deletionGracePeriodSeconds ?? (pod.spec as Json)?.terminationGracePeriodSeconds ?? 30) *
        1000;
      void worker.terminate(graceMs).then(() => this.finish(pod));
    }
  }

  private onPodGone(pod: PodObject): void {
    const worker = this.workers.get(String(pod.metadata.uid));
    if (!worker || worker.isStatic) return;
    void worker.terminate(0).then(() => this.forget(worker));
  }

  private forget(worker: PodWorker): void {
    this.workers.delete(worker.uid);
    if (this.byName.get(worker.key) === worker) this.byName.delete(worker.key);
  }

  /** The pod's containers are gone: the kubelet's status manager deletes the object (grace 0, uid precondition). */
  private async finish(pod: PodObject): Promise<void> {
    const worker = this.workers.get(String(pod.metadata.uid));
    if (worker) {
      await this.writeStatus(worker).catch(() => undefined);
      this.forget(worker);
    }
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
    try {
      await this.client.delete(path, {
        query: { gracePeriodSeconds: "0" },
      });
    } catch (error) {
      if (!isNotFound(error))
        this.log(
          `kubelet: failed to delete pod ${pod.metadata.namespace}/${pod.metadata.name}: ${(error as Error).message}`,
        );
    }
  }

  private scheduleStatus(worker: PodWorker): void {
    if (this.pendingStatus.has(worker.uid)) return;
    this.pendingStatus.set(
      worker.uid,
      setTimeout(() => {
        this.pendingStatus.delete(worker.uid);
        void this.writeStatus(worker).catch((error: unknown) => {
          if (!isNotFound(error)) this.log(`kubelet: status of ${worker.key}: ${(error as Error).message}`);
        });
      }, 100),
    );
  }

  /** status_manager.go syncBatch: pods (not static: their mirror is rewritten on change) whose API status is stale. */
  private syncPodStatuses(): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    for (const worker of this.workers.values()) {
      if (worker.isStatic) continue;
      const wanted = podStatus(worker.pod as Json, worker.state, now);
      if (podStatusNeedsSync((worker.pod as Json).status as Json | undefined, wanted))
        this.scheduleStatus(worker);
    }
  }

  private async writeStatus(worker: PodWorker): Promise<void> {
    if (!this.apiReady) return;
    const meta = worker.pod.metadata as Json;
    const path = `/api/v1/namespaces/${String(meta.namespace)}/pods/${String(meta.name)}/status`;
    const current = worker.isStatic ? await this.client.get<Json>(path.replace(/\/status$/, "")) : worker.pod;
    if (!current) return;
    const status = podStatus(current, worker.state, new Date().toISOString().replace(/\.\d+Z$/, "Z"));
    await this.client.patch(path, { status }, "application/merge-patch+json");
  }

  private async syncNodeStatus(force: boolean): Promise<void> {
    try {
      const networkReady = await cniConfigured();
      const previous = (this.lastStatus?.conditions ?? []) as Json[];
      const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      const status = nodeStatus(this.settings, this.facts, networkReady, previous, now);
      const due = Date.now() - this.lastReport >= (force ? 0 : STATUS_INTERVAL_MS);
      if (
        !force &&
        !statusChanged(this.lastStatus, status) &&
        Date.now() - this.lastReport < STATUS_REPORT_MS
      )
        return;
      if (!due && !statusChanged(this.lastStatus, status)) return;
      await this.client.patch(
        `/api/v1/nodes/${this.settings.nodeName}/status`,
        { status },
        "application/merge-patch+json",
      );
      this.lastStatus = status;
      this.lastReport = Date.now();
    } catch (error) {
      this.log(`kubelet: error updating node status: ${(error as Error).message}`);
    }
  }
}

export function loadKubeletSettings(): KubeletSettings | undefined {
  if (!existsSync(NODE_PATHS.kubeletConfig) || !existsSync(NODE_PATHS.kubeletKubeconfig)) return undefined;
  return JSON.parse(readFileSync(NODE_PATHS.kubeletConfig, "utf8")) as KubeletSettings;
}
