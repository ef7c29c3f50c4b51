// Pods of the double share their node's filesystem (no mount namespace): a path the real
// container would see under a volume mount lives where the kubelet double materialised that
// volume. CC_MOUNTS (contract 2, rehearsal/README.md) maps each mountPath to its host path; the
// longest mountPath that contains a path wins, as the kernel's mount table would.

import { posix } from "node:path";

export type MountTable = Readonly<Record<string, string>>;

export function mountTable(env: Record<string, string | undefined>): MountTable {
  const raw = env.CC_MOUNTS;
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      );
    }
  } catch {
    // Fall through: a malformed table is reported below.
  }
  throw new Error(`CC_MOUNTS is not a JSON object of mountPath → host path: ${raw.slice(0, 200)}`);
}

/** Where `path` (as the container sees it) is on the node. */
export function resolveContainerPath(mounts: MountTable, path: string): string {
  const normal = posix.normalize(path);
  let best: string | undefined;
  for (const mountPath of Object.keys(mounts)) {
    const base = posix.normalize(mountPath).replace(/\/+$/, "") || "/";
    const inside = normal === base || normal.startsWith(base === "/" ? "/" : `${base}/`);
    if (inside && (best === undefined || base.length > best.length)) best = base;
  }
  if (best === undefined) return normal;
  const target = mounts[best] ?? mounts[`${best}/`] ?? normal;
  return posix.join(target, normal.slice(best.length));
}
