// A pod's volumes made real on the node's shared filesystem (contract 2): configMap, secret,
// projected (configMap, secret, downwardAPI, serviceAccountToken), downwardAPI, emptyDir and
// hostPath, each a folder under /var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name> (hostPath: the
// path itself), and the ServiceAccount folder (token from the TokenRequest API, ca.crt from the
// namespace's kube-root-ca.crt ConfigMap, namespace) as the API server's ServiceAccount admission
// would project it. A missing source fails as the kubelet's MountVolume.SetUp does
// (`configmap "x" not found`), and the pod worker retries, as the volume manager does.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { NODE_PATHS } from "../node-paths.ts";

type Json = Record<string, unknown>;

export class MountError extends Error {
  override readonly name = "MountError";
}

export function podDir(uid: string): string {
  return join(NODE_PATHS.podsDir, uid);
}

async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(join(target, ".."), { recursive: true });
    await writeFile(target, content);
  }
}

function selectItems(
  data: Record<string, string | Buffer>,
  items: Json[] | undefined,
): Record<string, string | Buffer> {
  if (!items || items.length === 0) return data;
  const out: Record<string, string | Buffer> = {};
  for (const item of items) {
    const key = String(item.key ?? "");
    const value = data[key];
    if (value !== undefined) out[String(item.path ?? key)] = value;
  }
  return out;
}

/**
 * A volume's source object; an API error (the API server slow or away) is a MountError too, so the
 * pod worker retries it as the kubelet's volume manager does (pkg/volume/configmap, secret:
 * "couldn't get configMap <ns>/<name>: <err>"), instead of the worker dying on it.
 */
async function readSource(
  client: KubeRestClient,
  kind: "configMap" | "secret",
  ns: string,
  name: string,
): Promise<Json | undefined> {
  const resource = kind === "configMap" ? "configmaps" : "secrets";
  try {
    return await client.get<Json>(`/api/v1/namespaces/${ns}/${resource}/${name}`);
  } catch (error) {
    throw new MountError(`couldn't get ${kind} ${ns}/${name}: ${(error as Error).message}`);
  }
}

async function configMapData(
  client: KubeRestClient,
  ns: string,
  name: string,
  optional: boolean,
): Promise<Record<string, string | Buffer> | undefined> {
  const cm = await readSource(client, "configMap", ns, name);
  if (!cm) {
    if (optional) return undefined;
    throw new MountError(`configmap "${name}" not found`);
  }
  const data: Record<string, string | Buffer> = { ...((cm.data ?? {}) as Record<string, string>) };
  for (const [key, value] of Object.entries((cm.binaryData ?? {}) as Record<string, string>))
    data[key] = Buffer.from(value, "base64");
  return data;
}

async function secretData(
  client: KubeRestClient,
  ns: string,
  name: string,
  optional: boolean,
): Promise<Record<string, string | Buffer> | undefined> {
  const secret = await readSource(client, "secret", ns, name);
  if (!secret) {
    if (optional) return undefined;
    throw new MountError(`secret "${name}" not found`);
  }
  const data: Record<string, string | Buffer> = {};
  for (const [key, value] of Object.entries((secret.data ?? {}) as Record<string, string>))
    data[key] = Buffer.from(value, "base64");
  for (const [key, value] of Object.entries((secret.stringData ?? {}) as Record<string, string>))
    data[key] = value;
  return data;
}

/** A bound ServiceAccount token (authentication.k8s.io/v1 TokenRequest on serviceaccounts/<sa>/token). */
export async function requestToken(
  client: KubeRestClient,
  pod: Json,
  options: { audiences?: string[]; expirationSeconds?: number } = {},
): Promise<string> {
  const meta = pod.metadata as Json;
  const spec = pod.spec as Json;
  const ns = String(meta.namespace);
  const sa = String(spec.serviceAccountName ?? "default");
  try {
    const answer = await client.create<Json>(`/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: {
        audiences: options.audiences ?? [],
        expirationSeconds: options.expirationSeconds ?? 3607,
        boundObjectRef: { apiVersion: "v1", kind: "Pod", name: meta.name, uid: meta.uid },
      },
    });
    const token = (answer.status as Json | undefined)?.token;
    if (typeof token !== "string") throw new MountError(`the TokenRequest for ${ns}/${sa} returned no token`);
    return token;
  } catch (error) {
    if (error instanceof MountError) throw error;
    throw new MountError(`failed to fetch token: ${(error as Error).message}`);
  }
}

function downwardFiles(pod: Json, items: Json[]): Record<string, string> {
  const meta = pod.metadata as Json;
  const files: Record<string, string> = {};
  for (const item of items) {
    const field = String(((item.fieldRef ?? {}) as Json).fieldPath ?? "");
    let value = "";
    if (field === "metadata.name") value = String(meta.name ?? "");
    else if (field === "metadata.namespace") value = String(meta.namespace ?? "");
    else if (field === "metadata.uid") value = String(meta.uid ?? "");
    else if (field === "metadata.labels" || field === "metadata.annotations") {
      const map = (meta[field.slice("metadata.".length)] ?? {}) as Record<string, string>;
      value = Object.entries(map)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}="${v}"`)
        .join("\n");
    }
    files[String(item.path ?? "")] = value;
  }
  return files;
}

export interface PreparedVolumes {
  /** Volume name → folder (or file, for a file hostPath) on the node. */
  paths: Map<string, string>;
  /** The ServiceAccount folder (contract 2), unless automount is off or the pod is static. */
  serviceAccountDir: string | undefined;
}

export async function prepareVolumes(
  client: KubeRestClient | undefined,
  pod: Json,
  options: { static: boolean },
): Promise<PreparedVolumes> {
  const meta = pod.metadata as Json;
  const spec = pod.spec as Json;
  const uid = String(meta.uid);
  const ns = String(meta.namespace ?? "default");
  const base = join(podDir(uid), "volumes");
  const paths = new Map<string, string>();
  const needClient = (): KubeRestClient => {
    if (!client) throw new MountError("the API server is not reachable yet");
    return client;
  };
  for (const volume of (spec.volumes ?? []) as Json[]) {
    const name = String(volume.name ?? "");
    if (volume.hostPath) {
      const host = volume.hostPath as Json;
      const path = String(host.path ?? "");
      if (host.type === "DirectoryOrCreate" || host.type === undefined || host.type === "") {
        await mkdir(path, { recursive: true }).catch(() => undefined);
      }
      paths.set(name, path);
      continue;
    }
    if (volume.emptyDir) {
      const dir = join(base, "kubernetes.io~empty-dir", name);
      await mkdir(dir, { recursive: true });
      paths.set(name, dir);
      continue;
    }
    if (volume.configMap) {
      const ref = volume.configMap as Json;
      const dir = join(base, "kubernetes.io~configmap", name);
      const data = await configMapData(needClient(), ns, String(ref.name), ref.optional === true);
      await writeFiles(dir, selectItems(data ?? {}, ref.items as Json[] | undefined));
      paths.set(name, dir);
      continue;
    }
    if (volume.secret) {
      const ref = volume.secret as Json;
      const dir = join(base, "kubernetes.io~secret", name);
      const data = await secretData(needClient(), ns, String(ref.secretName), ref.optional === true);
      await writeFiles(dir, selectItems(data ?? {}, ref.items as Json[] | undefined));
      paths.set(name, dir);
      continue;
    }
    if (volume.downwardAPI) {
      const dir = join(base, "kubernetes.io~downward-api", name);
      await writeFiles(dir, downwardFiles(pod, ((volume.downwardAPI as Json).items ?? []) as Json[]));
      paths.set(name, dir);
      continue;
    }
    if (volume.projected) {
      const dir = join(base, "kubernetes.io~projected", name);
      for (const source of ((volume.projected as Json).sources ?? []) as Json[]) {
        if (source.configMap) {
          const ref = source.configMap as Json;
          const data = await configMapData(needClient(), ns, String(ref.name), ref.optional === true);
          await writeFiles(dir, selectItems(data ?? {}, ref.items as Json[] | undefined));
        } else if (source.secret) {
          const ref = source.secret as Json;
          const data = await secretData(needClient(), ns, String(ref.name), ref.optional === true);
          await writeFiles(dir, selectItems(data ?? {}, ref.items as Json[] | undefined));
        } else if (source.downwardAPI) {
          await writeFiles(dir, downwardFiles(pod, ((source.downwardAPI as Json).items ?? []) as Json[]));
        } else if (source.serviceAccountToken) {
          const ref = source.serviceAccountToken as Json;
          const token = await requestToken(needClient(), pod, {
            ...(ref.audience ? { audiences: [String(ref.audience)] } : {}),
            ...(ref.expirationSeconds ? { expirationSeconds: Number(ref.expirationSeconds) } : {}),
          });
          await writeFiles(dir, { [String(ref.path ?? "token")]: token });
        }
      }
      paths.set(name, dir);
      continue;
    }
    throw new MountError(`volume "${name}": the rehearsal's kubelet does not support this volume type`);
  }
  let serviceAccountDir: string | undefined;
  if (!options.static && spec.automountServiceAccountToken !== false) {
    serviceAccountDir = join(podDir(uid), "serviceaccount");
    const ca = await configMapData(needClient(), ns, "kube-root-ca.crt", false);
    await writeFiles(serviceAccountDir, {
      token: await requestToken(needClient(), pod),
      "ca.crt": ca?.["ca.crt"] ?? "",
      namespace: ns,
    });
  }
  return { paths, serviceAccountDir };
}

/** CC_MOUNTS of a container: mountPath → where that is on the node (subPath joined). */
export function containerMounts(container: Json, volumes: PreparedVolumes): Record<string, string> {
  const mounts: Record<string, string> = {};
  for (const mount of (container.volumeMounts ?? []) as Json[]) {
    const source = volumes.paths.get(String(mount.name ?? ""));
    if (source === undefined) continue;
    mounts[String(mount.mountPath)] = mount.subPath ? join(source, String(mount.subPath)) : source;
  }
  if (volumes.serviceAccountDir)
    mounts["/var/run/secrets/kubernetes.io/serviceaccount"] = volumes.serviceAccountDir;
  return mounts;
}
