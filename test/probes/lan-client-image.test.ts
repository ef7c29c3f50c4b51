import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../../src/errors.ts";
import {
  DEFAULT_LAN_CLIENT_IMAGE,
  type ImageStore,
  LAN_CLIENT_IMAGE_ENV,
  OFFLINE_LAN_CLIENT_IMAGE,
  resolveLanClientImage,
} from "../../src/probes/lan-client-image.ts";

/** A docker image store in memory: `local` images exist, `pullable` ones can be pulled. */
function store(local: string[], pullable: string[] = []): ImageStore & { pulls: string[] } {
  const present = new Set(local);
  const pulls: string[] = [];
  return {
    pulls,
    exists: async (image) => present.has(image),
    pull: async (image) => {
      pulls.push(image);
      if (!pullable.includes(image)) return false;
      present.add(image);
      return true;
    },
  };
}

describe("resolveLanClientImage", () => {
  it("uses the default image when present, without pulling", async () => {
    const images = store([DEFAULT_LAN_CLIENT_IMAGE, OFFLINE_LAN_CLIENT_IMAGE]);
    expect(await resolveLanClientImage({}, images)).toMatchObject({
      image: DEFAULT_LAN_CLIENT_IMAGE,
      source: "default",
    });
    expect(images.pulls).toEqual([]);
  });

  it("pulls the default image when it is absent and pullable", async () => {
    const images = store([], [DEFAULT_LAN_CLIENT_IMAGE]);
    expect(await resolveLanClientImage({}, images)).toMatchObject({
      source: "default",
      reason: "default image pulled",
    });
  });

  it("falls back to the offline image when the default cannot be pulled", async () => {
    const images = store([OFFLINE_LAN_CLIENT_IMAGE]);
    const resolved = await resolveLanClientImage({}, images);
    expect(resolved).toMatchObject({ image: OFFLINE_LAN_CLIENT_IMAGE, source: "offline" });
    expect(resolved.reason).toContain("could not be pulled");
    expect(images.pulls).toEqual([DEFAULT_LAN_CLIENT_IMAGE]);
  });

  it("says how to build the offline image when there is none (exit 3)", async () => {
    const error = await resolveLanClientImage({}, store([])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error).toMatchObject({ code: "CC_ENV_IMAGE_MISSING", exitCode: 3 });
    expect((error as EnvironmentError).hint).toContain("scripts/build-offline-images.sh");
  });

  it("prefers --image over the env variable, and the env variable over the default", async () => {
    const images = store(["mine:1", "env:1", DEFAULT_LAN_CLIENT_IMAGE]);
    const env = { [LAN_CLIENT_IMAGE_ENV]: "env:1" };
    expect(await resolveLanClientImage({ configured: "mine:1", env }, images)).toMatchObject({
      image: "mine:1",
      source: "configured",
    });
    expect(await resolveLanClientImage({ env }, images)).toMatchObject({
      image: "env:1",
      source: "configured",
    });
    expect(await resolveLanClientImage({ env: { [LAN_CLIENT_IMAGE_ENV]: " " } }, images)).toMatchObject({
      source: "default",
    });
  });

  it("never swaps a configured image that is missing for another one", async () => {
    const images = store([DEFAULT_LAN_CLIENT_IMAGE, OFFLINE_LAN_CLIENT_IMAGE]);
    await expect(resolveLanClientImage({ configured: "gone:1" }, images)).rejects.toMatchObject({
      code: "CC_ENV_IMAGE_MISSING",
      message: expect.stringContaining("gone:1"),
    });
  });

  it("pins the default image by digest", () => {
    expect(DEFAULT_LAN_CLIENT_IMAGE).toMatch(/@sha256:[0-9a-f]{64}$/);
  });
});
