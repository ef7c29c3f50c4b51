// What provisioning needs from Kubernetes, as a small interface: the k8s layer (src/k8s)
// implements it, tests use an in-memory fake. Waits poll through it with named budgets.

export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [key: string]: unknown;
}

export interface KubeAccess {
  /** Server-side apply, in order, with this field manager (force on conflicts of our own fields). */
  applyServerSide(objects: readonly KubeObject[], fieldManager: string): Promise<void>;
  /** The object, or undefined on 404. */
  get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeObject | undefined>;
  /** Every object of a kind; all namespaces when `namespace` is undefined. */
  list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]>;
}

/** Opens the Kubernetes API of one cluster (already verified to be the harness's). */
export type KubeAccessFactory = (kubeconfigPath: string, context: string) => KubeAccess;

export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** `status.conditions[]` of an object, tolerant of missing or odd shapes. */
export function conditionsOf(object: KubeObject | undefined): KubeCondition[] {
  const status = object?.status as { conditions?: unknown } | undefined;
  if (!Array.isArray(status?.conditions)) return [];
  return status.conditions.filter(
    (c): c is KubeCondition =>
      typeof c === "object" && c !== null && typeof (c as KubeCondition).type === "string",
  );
}

/** `Ready=False reason=KubeletNotReady` — how a condition reads in a wait's "last seen". */
export function describeCondition(conditions: readonly KubeCondition[], type: string): string {
  const found = conditions.find((c) => c.type === type);
  if (!found) return `no ${type} condition`;
  return `${type}=${found.status}${found.reason ? ` reason=${found.reason}` : ""}`;
}

export function conditionIsTrue(object: KubeObject | undefined, type: string): boolean {
  return conditionsOf(object).some((c) => c.type === type && c.status === "True");
}
