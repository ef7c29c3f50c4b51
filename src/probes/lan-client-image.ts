// Which image the LAN client runs. Order: the image the user configured (option or env) → the
// default public image, present or pullable → the offline image built by
// scripts/build-offline-images.sh → a clear error that says how to build it.

import { CommandFailedError, EnvironmentError } from "../errors.ts";
import { DockerCli } from "../tools/docker.ts";
import type { CommandRunner } from "../tools/run-command.ts";

/**
 * Docker's official BusyBox (its build includes `arping`), pinned by the digest that public
 * projects pin for busybox:1.36.1. No registry is reachable where this was written, so the digest
 * could not be checked here; a wrong one fails the pull and the offline image is used instead.
 */
export const DEFAULT_LAN_CLIENT_IMAGE =
  "docker.io/library/busybox:1.36.1@sha256:73aaf090f3d85aa34ee199857f03fa3a95c8ede2ffd4cc2cdb5b94e566b11662";

/** Built locally from Debian's busybox-static by scripts/build-offline-images.sh. */
export const OFFLINE_LAN_CLIENT_IMAGE = "cilium-conformance/lan-client:offline";

/** Env variable that names the LAN client image (the `--image` option wins over it). */
export const LAN_CLIENT_IMAGE_ENV = "CILIUM_CONFORMANCE_LAN_CLIENT_IMAGE";

export const BUILD_OFFLINE_IMAGE_HINT =
  "build the offline image with `scripts/build-offline-images.sh` (needs Debian's busybox-static; " +
  "the script installs it when run as root), or pass --image with a local image that has arping";

/** What the resolver needs from Docker; the real one wraps the docker CLI. */
export interface ImageStore {
  exists(image: string): Promise<boolean>;
  /** Tries to pull; false (not a throw) when the registry is unreachable or the image unknown. */
  pull(image: string): Promise<boolean>;
}

export type LanClientImageSource = "configured" | "default" | "offline";

export interface ResolvedLanClientImage {
  image: string;
  source: LanClientImageSource;
  /** Why this one, for the report: e.g. "default image not pullable; using the offline image". */
  reason: string;
}

export interface LanClientImageRequest {
  /** From `--image`; wins over the env variable. */
  configured?: string | undefined;
  env?: Record<string, string | undefined>;
  defaultImage?: string;
  offlineImage?: string;
}

export async function resolveLanClientImage(
  request: LanClientImageRequest,
  store: ImageStore,
): Promise<ResolvedLanClientImage> {
  const configured = nonEmpty(request.configured) ?? nonEmpty(request.env?.[LAN_CLIENT_IMAGE_ENV]);
  if (configured !== undefined) {
    if ((await store.exists(configured)) || (await store.pull(configured))) {
      return { image: configured, source: "configured", reason: "configured image" };
    }
    // The user named this image: falling back silently would probe with something else.
    throw new EnvironmentError(
      "CC_ENV_IMAGE_MISSING",
      `the configured LAN client image ${configured} is not present locally and could not be pulled`,
      {
        hint: `pull or build it first, or drop --image/${LAN_CLIENT_IMAGE_ENV}; ${BUILD_OFFLINE_IMAGE_HINT}`,
      },
    );
  }
  const defaultImage = request.defaultImage ?? DEFAULT_LAN_CLIENT_IMAGE;
  const offlineImage = request.offlineImage ?? OFFLINE_LAN_CLIENT_IMAGE;
  if (await store.exists(defaultImage)) {
    return { image: defaultImage, source: "default", reason: "default image present locally" };
  }
  if (await store.pull(defaultImage)) {
    return { image: defaultImage, source: "default", reason: "default image pulled" };
  }
  if (await store.exists(offlineImage)) {
    return {
      image: offlineImage,
      source: "offline",
      reason: `default image ${defaultImage} is absent and could not be pulled; using the offline image`,
    };
  }
  throw new EnvironmentError(
    "CC_ENV_IMAGE_MISSING",
    `no LAN client image: ${defaultImage} is absent and could not be pulled, and the offline image ${offlineImage} has not been built`,
    { hint: BUILD_OFFLINE_IMAGE_HINT },
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The docker CLI as an ImageStore. An unreachable engine is an error, not "image absent". */
export function dockerImageStore(runner: CommandRunner, dockerBinary: string): ImageStore {
  const docker = new DockerCli(runner, dockerBinary);
  return {
    async exists(image) {
      const result = await runner.run(dockerBinary, ["image", "inspect", "--format", "{{.Id}}", image], {
        okExitCodes: [1],
        timeoutMs: 30_000,
      });
      if (result.exitCode === 0) return true;
      if (/no such (image|object)/i.test(result.stderr)) return false;
      throw new EnvironmentError(
        "CC_ENV_DOCKER_UNREACHABLE",
        `\`${result.command}\` failed: ${result.stderr.trim()}`,
        {
          hint: "start Docker (scripts/ensure-docker.sh does it on Debian) and check `docker info`",
        },
      );
    },
    async pull(image) {
      try {
        await docker.pull(image, { timeoutMs: 300_000 });
        return true;
      } catch (error) {
        if (error instanceof CommandFailedError) return false;
        throw error;
      }
    },
  };
}
