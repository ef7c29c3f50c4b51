// `kind export kubeconfig` / `get kubeconfig`: admin.conf read from the control-plane node with
// `cat` (as kind does), renamed to kind-<cluster>, the server set to the host endpoint (or left at
// the node name with --internal); export merges it into the kubeconfig file under a lock file
// (`<path>.lock`, client-go's convention that kind follows).

import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { docker } from "./docker-commands.ts";
import {
  type KubeconfigDoc,
  kindFromKubeadm,
  mergeKind,
  parseKubeconfig,
  removeKind,
  serializeKubeconfig,
} from "./kubeconfig-file.ts";
import { apiServerEndpoint, controlPlaneNode } from "./node-lookup.ts";

export async function kindKubeconfig(cluster: string, internal: boolean): Promise<KubeconfigDoc> {
  const node = await controlPlaneNode(cluster);
  if (!node) {
    throw new Error(
      `could not locate any control plane nodes for cluster named '${cluster}'. Use the --name option to select a different cluster`,
    );
  }
  const admin = await docker(["exec", node, "cat", "/etc/kubernetes/admin.conf"]).catch((error: unknown) => {
    throw new Error(`failed to get cluster internal kubeconfig: ${(error as Error).message}`);
  });
  const server = internal ? undefined : `https://${await apiServerEndpoint(node)}`;
  return kindFromKubeadm(admin, cluster, server);
}

async function withLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const lock = `${path}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      await (await open(lock, "wx")).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || Date.now() - started > 10_000) {
        throw new Error(`failed to lock config file: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

async function readExisting(path: string): Promise<KubeconfigDoc> {
  try {
    return parseKubeconfig(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return parseKubeconfig("");
    throw error;
  }
}

export function writeMergedKubeconfig(kind: KubeconfigDoc, path: string): Promise<void> {
  return withLock(path, async () => {
    await writeFile(path, serializeKubeconfig(mergeKind(await readExisting(path), kind)), { mode: 0o600 });
  });
}

export function removeFromKubeconfig(cluster: string, path: string): Promise<void> {
  return withLock(path, async () => {
    const existing = await readExisting(path);
    const { doc, changed } = removeKind(existing, cluster);
    if (changed) await writeFile(path, serializeKubeconfig(doc), { mode: 0o600 });
  });
}
