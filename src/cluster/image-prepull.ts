// Images the host can hand to the kind nodes (`kind load docker-image`), and which of them that
// actually helps. `kind load` saves the host's image and imports it into each node's containerd
// under its tag; a docker-saved image has no registry manifest digest (RepoDigests do not survive
// `docker save`, and kind's import names digest copies `import-<date>@sha256:…`), so a pod that
// references `repo:tag@sha256:…` never matches it and the node pulls anyway (kind #2394, #4028).
// Cilium's chart references its images by digest unless the values say `useDigest: false`, so
// only then is a host copy of the agent/operator image worth loading. The suites' workload images
// (echo backend, busybox client) are referenced by tag: those load fine. Never fails provisioning.

import type { RunPlan } from "../plan/run-plan.ts";

/** Agent and operator images of the planned chart version by tag, honouring a repo `image.repository`. */
export function ciliumImagesFor(plan: RunPlan): string[] {
  const tag = `v${plan.cilium.chartVersion.replace(/^v/, "")}`;
  const values = plan.cilium.values as {
    image?: { repository?: unknown };
    operator?: { image?: { repository?: unknown } };
  };
  const agent =
    typeof values.image?.repository === "string" ? values.image.repository : "quay.io/cilium/cilium";
  const operatorBase =
    typeof values.operator?.image?.repository === "string"
      ? values.operator.image.repository
      : "quay.io/cilium/operator";
  return [`${agent}:${tag}`, `${operatorBase}-generic:${tag}`];
}

/**
 * The part of `ciliumImagesFor` a `kind load` can serve: an image whose values turn the digest off
 * (`useDigest: false`). With the chart's default `useDigest: true` the nodes ask for
 * `…:tag@sha256:…`, which a loaded copy cannot answer, so pulling and loading it is wasted time.
 * `up` pre-pulls only this list.
 */
export function ciliumImagesWorthLoading(plan: RunPlan): string[] {
  const values = plan.cilium.values as {
    image?: { useDigest?: unknown };
    operator?: { image?: { useDigest?: unknown } };
  };
  const [agent, operator] = ciliumImagesFor(plan);
  return [
    ...(values.image?.useDigest === false && agent ? [agent] : []),
    ...(values.operator?.image?.useDigest === false && operator ? [operator] : []),
  ];
}

/** A reference pinned by digest: `kind load` cannot make a node answer it. */
export function isDigestReference(image: string): boolean {
  return image.includes("@sha256:");
}

/**
 * Which images to `kind load`: those the host has (e.g. restored from a CI cache) and that are
 * referenced by tag; the rest is said in `notes`.
 */
export function loadableImages(
  images: readonly string[],
  onHost: ReadonlySet<string>,
): { load: string[]; notes: string[] } {
  const load: string[] = [];
  const notes: string[] = [];
  for (const image of images) {
    if (isDigestReference(image))
      notes.push(`${image} is pinned by digest: a loaded copy cannot match it, the nodes pull it`);
    else if (!onHost.has(image)) notes.push(`${image} is not on the host: the nodes pull it`);
    else load.push(image);
  }
  return { load, notes };
}

/** Pulls in parallel; returns notes for what did not work. */
export async function pullImages(
  images: readonly string[],
  deps: { pull(image: string): Promise<void> },
): Promise<{
  pulled: string[];
  notes: string[];
}> {
  const results = await Promise.allSettled(images.map((image) => deps.pull(image)));
  const pulled: string[] = [];
  const notes: string[] = [];
  results.forEach((result, index) => {
    const image = images[index] ?? "";
    if (result.status === "fulfilled") pulled.push(image);
    else notes.push(`pre-pull of ${image} skipped: ${firstLine(result.reason)}`);
  });
  return { pulled, notes };
}

function firstLine(reason: unknown): string {
  const text = reason instanceof Error ? reason.message : String(reason);
  return text.split("\n")[0] ?? text;
}

/** What `test` needs to hand the workload images to the nodes. */
export interface WorkloadImageLoadDeps {
  /** True when the host's docker has the image (`docker image inspect` succeeds). */
  onHost(image: string): Promise<boolean>;
  kindLoad(images: readonly string[], clusterName: string): Promise<void>;
}

/**
 * Best effort before the suites: `kind load` the workload images the host has, so a CI cache of
 * them saves the nodes a registry pull. Returns notes; never throws.
 */
export async function loadWorkloadImages(
  images: readonly string[],
  clusterName: string,
  deps: WorkloadImageLoadDeps,
): Promise<string[]> {
  const present = new Set<string>();
  for (const image of images) if (await deps.onHost(image).catch(() => false)) present.add(image);
  const { load, notes } = loadableImages(images, present);
  if (load.length === 0) return notes;
  try {
    await deps.kindLoad(load, clusterName);
    return [`loaded ${load.join(", ")} into the nodes`, ...notes];
  } catch (error) {
    return [`loading ${load.join(", ")} into the nodes skipped: ${firstLine(error)}`, ...notes];
  }
}
