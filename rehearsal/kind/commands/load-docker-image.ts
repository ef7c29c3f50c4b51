// `kind load docker-image IMAGE... --name N [--nodes a,b]` (kubernetes-sigs/kind v0.31.0
// pkg/cmd/kind/load/docker-image): every image must exist locally (its ID from `docker image
// inspect`), the cluster must have nodes, named nodes must exist; nodes that lack the image get it.
// The double's runtime needs no image bytes (behaviour comes from the image name), so "loading"
// records the image and its ID in the node's image store, which the kubelet double reads to say
// "already present on machine" instead of pulling, as a real node would.

import { NODE_PATHS } from "../../node/node-paths.ts";
import { docker } from "../docker-commands.ts";
import type { KindOutput } from "../kind-output.ts";
import { clusterNodes } from "../node-lookup.ts";

type ImageStore = Record<string, string>;

async function readStore(node: string): Promise<ImageStore> {
  try {
    return JSON.parse(await docker(["exec", node, "cat", NODE_PATHS.loadedImages])) as ImageStore;
  } catch {
    return {};
  }
}

export async function loadDockerImages(
  cluster: string,
  images: readonly string[],
  only: readonly string[],
  output: KindOutput,
): Promise<void> {
  const unique = [...new Set(images)];
  const ids: string[] = [];
  for (const image of unique) {
    try {
      ids.push((await docker(["image", "inspect", "-f", "{{ .Id }}", image])).trim());
    } catch {
      throw new Error(`image: "${image}" not present locally`);
    }
  }
  const nodes = await clusterNodes(cluster);
  if (nodes.length === 0) throw new Error(`no nodes found for cluster "${cluster}"`);
  for (const name of only) if (!nodes.includes(name)) throw new Error(`unknown node: "${name}"`);
  const candidates = only.length > 0 ? [...only] : nodes;
  const stores = new Map(
    await Promise.all(candidates.map(async (node) => [node, await readStore(node)] as const)),
  );
  const selected = new Set<string>();
  for (const [index, image] of unique.entries()) {
    const id = ids[index] ?? "";
    for (const node of candidates) {
      if (stores.get(node)?.[image] === id) continue;
      selected.add(node);
      output.info(`Image: "${image}" with ID "${id}" not yet present on node "${node}", loading...`);
    }
    if (candidates.every((node) => stores.get(node)?.[image] === id)) {
      output.info(`Image: "${image}" with ID "${id}" found to be already present on all nodes.`);
    }
  }
  await Promise.all(
    [...selected].map(async (node) => {
      const store = { ...stores.get(node) };
      for (const [index, image] of unique.entries()) store[image] = ids[index] ?? "";
      await docker(
        [
          "exec",
          "-i",
          node,
          "sh",
          "-c",
          `mkdir -p "$(dirname ${NODE_PATHS.loadedImages})" && cat > ${NODE_PATHS.loadedImages}`,
        ],
        { input: JSON.stringify(store) },
      );
    }),
  );
}
