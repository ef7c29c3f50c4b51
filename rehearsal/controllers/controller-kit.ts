// What every controller of the double shares: a client from its --kubeconfig (kubeadm's
// controller-manager.conf, scheduler.conf), flags in kube's `--name=value` form, informers on
// REST paths, and a log in klog's spirit (time, component, message) on stdout.

import { type Informer, objectKey, pathInformer } from "../k8s/informer.ts";
import { kubeconfigClientConfig } from "../k8s/kube-config.ts";
import { type KubeObject, KubeRestClient } from "../k8s/kube-rest-client.ts";
import { WorkQueue } from "./work-queue.ts";

export type Json = Record<string, unknown>;
export type Obj = KubeObject;

export function parseFlags(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) values.set(match[1] ?? "", match[2] ?? "true");
  }
  return values;
}

export function logger(component: string): (line: string) => void {
  return (line) => process.stdout.write(`${new Date().toISOString()} ${component}: ${line}\n`);
}

export function clientFromFlags(flags: Map<string, string>): KubeRestClient {
  const path = flags.get("kubeconfig");
  if (!path) throw new Error("--kubeconfig is required");
  return new KubeRestClient(kubeconfigClientConfig(path), { requestTimeoutMs: 15_000 });
}

export function informer<T extends Obj>(
  client: KubeRestClient,
  path: string,
  log: (line: string) => void,
  options: { fieldSelector?: string } = {},
): Informer<T> {
  return pathInformer<T>(client, path, {
    ...options,
    backoffMs: { min: 200, max: 1000 },
    onError: (error) => log(`watch ${path}: ${(error as Error).message}`),
  }).start();
}

/** A queue that reconciles keys; resyncs `keys()` every `resyncMs`. */
export function controllerQueue(
  name: string,
  log: (line: string) => void,
  reconcile: (key: string) => Promise<void>,
  keys: () => string[],
  resyncMs = 10_000,
): WorkQueue {
  const queue = new WorkQueue(reconcile, (key, error) => log(`${name} ${key}: ${(error as Error).message}`));
  setInterval(() => {
    for (const key of keys()) queue.add(key);
  }, resyncMs).unref();
  return queue;
}

export { objectKey };

export const nowTimestamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, "Z");

export function ownerRef(owner: Obj, apiVersion: string, kind: string): Json {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controlledBy(object: Obj, owner: Obj): boolean {
  return ((object.metadata.ownerReferences ?? []) as Json[]).some(
    (ref) => ref.uid === owner.metadata.uid && ref.controller === true,
  );
}

export function controllerOf(object: Obj): Json | undefined {
  return ((object.metadata.ownerReferences ?? []) as Json[]).find((ref) => ref.controller === true);
}
