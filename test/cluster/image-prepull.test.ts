import { describe, expect, it } from "vitest";
import {
  ciliumImagesFor,
  ciliumImagesWorthLoading,
  isDigestReference,
  loadableImages,
  loadWorkloadImages,
} from "../../src/cluster/image-prepull.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import { defaultWorkloadImages } from "../../src/workloads/workload-images.ts";

const plan = (values: Record<string, unknown>) =>
  ({ cilium: { chartVersion: "1.18.11", values } }) as unknown as RunPlan;

describe("ciliumImagesWorthLoading", () => {
  it("is what ciliumImagesFor names, minus every image the chart references by digest", () => {
    expect(ciliumImagesFor(plan({}))).toEqual([
      "quay.io/cilium/cilium:v1.18.11",
      "quay.io/cilium/operator-generic:v1.18.11",
    ]);
  });

  it("offers nothing with the chart's default useDigest: true (the nodes ask for repo:tag@sha256:…)", () => {
    expect(ciliumImagesWorthLoading(plan({}))).toEqual([]);
    expect(ciliumImagesWorthLoading(plan({ image: { useDigest: true }, operator: { image: {} } }))).toEqual(
      [],
    );
  });

  it("offers the tag references the pods will name once the values turn the digest off", () => {
    expect(
      ciliumImagesWorthLoading(
        plan({ image: { useDigest: false }, operator: { image: { useDigest: false } } }),
      ),
    ).toEqual(["quay.io/cilium/cilium:v1.18.11", "quay.io/cilium/operator-generic:v1.18.11"]);
    expect(
      ciliumImagesWorthLoading(plan({ image: { repository: "mirror.lan/cilium/cilium", useDigest: false } })),
    ).toEqual(["mirror.lan/cilium/cilium:v1.18.11"]);
  });
});

describe("loadableImages", () => {
  const echo = defaultWorkloadImages.echo;
  const client = defaultWorkloadImages.client;
  it("loads the tag-referenced images the host has and says why it skips the others", () => {
    const pinned = "registry.k8s.io/gateway-api/echo-basic:v1.5.1@sha256:0123";
    expect(isDigestReference(pinned)).toBe(true);
    expect(isDigestReference(echo)).toBe(false);
    expect(loadableImages([echo, client, pinned], new Set([echo, pinned]))).toEqual({
      load: [echo],
      notes: [
        `${client} is not on the host: the nodes pull it`,
        `${pinned} is pinned by digest: a loaded copy cannot match it, the nodes pull it`,
      ],
    });
  });

  it("loadWorkloadImages runs one kind load for what the host has and never throws", async () => {
    const loads: string[] = [];
    const notes = await loadWorkloadImages([echo, client], "cc-r1", {
      onHost: async (image) => {
        if (image === client) throw new Error("No such image");
        return true;
      },
      kindLoad: async (images, cluster) => {
        loads.push(`${images.join(" ")} → ${cluster}`);
      },
    });
    expect(loads).toEqual([`${echo} → cc-r1`]);
    expect(notes).toEqual([
      `loaded ${echo} into the nodes`,
      `${client} is not on the host: the nodes pull it`,
    ]);

    const failed = await loadWorkloadImages([echo], "cc-r1", {
      onHost: async () => true,
      kindLoad: async () => {
        throw new Error("kind: no nodes found for cluster\nmore");
      },
    });
    expect(failed).toEqual([`loading ${echo} into the nodes skipped: kind: no nodes found for cluster`]);
    expect(
      await loadWorkloadImages([echo], "cc-r1", {
        onHost: async () => false,
        kindLoad: async () => {
          throw new Error("not called");
        },
      }),
    ).toEqual([`${echo} is not on the host: the nodes pull it`]);
  });
});
