// Best effort, while kind creates the nodes: pull the Cilium images on the host and load them
// into the nodes. Saves the nodes a registry round trip when the host (or a CI cache) has them;
// with digest-pinned chart images containerd may still pull. Never fails provisioning.

import type { RunPlan } from "../plan/run-plan.ts";

/** Agent and operator images of the planned chart version, honouring a repo `image.repository`. */
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
