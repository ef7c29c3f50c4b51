// Keeps every read inside the repo: a repo-relative name must not climb out with `..`, and no
// symlink on its way may lead outside the repo's root. Flux refuses the same (fluxcd/pkg
// kustomize/filesys/fs_secure.go: "MakeFsOnDiskSecure returns a secure file system which asserts
// any paths it handles to be inside root"), and a link such as `values.yaml -> /proc/self/environ`
// would otherwise put the CI runner's environment into the tool's messages.
import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { RepoError } from "../errors.ts";

/** `infra/x.yaml` with `..` resolved; undefined when it climbs above the root or is absolute. */
export function insideRelative(file: string): string | undefined {
  const slashed = file.replaceAll("\\", "/");
  if (slashed.startsWith("/")) return undefined;
  const normal = path.posix.normalize(slashed).replace(/\/+$/, "");
  if (normal === "..") return undefined;
  if (normal.startsWith("../")) return undefined;
  return normal === "." ? "" : normal;
}

export function isWithin(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The real (symlink-free) absolute path of a repo file, or undefined when nothing is there.
 * Throws CC_REPO_SYMLINK_OUTSIDE naming the link and its target when a link on the way leaves
 * the repo; the target is never opened.
 */
export function realPathInRepo(realRoot: string, file: string): string | undefined {
  const relative = insideRelative(file);
  if (relative === undefined) {
    throw new RepoError("CC_REPO_PATH_OUTSIDE", `${file} lies outside the repo`, {
      file,
      hint: "name files relative to the repo root, without leading `/` or `..` that climbs above it (Flux cannot read outside its source either)",
    });
  }
  const absolute = relative === "" ? realRoot : path.join(realRoot, ...relative.split("/"));
  let real: string;
  try {
    // The native realpath(3): one system call, where the JavaScript one lstats every component.
    real = realpathSync.native(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      // A dangling link is "missing" unless the link itself points outside.
      assertLinksInside(realRoot, relative);
      return undefined;
    }
    if (code === "ELOOP") throw symlinkLoop(relative);
    throw error;
  }
  if (!isWithin(realRoot, real)) {
    assertLinksInside(realRoot, relative);
    // Every link resolved inside, yet the result is outside: only a bind mount or a race does that.
    throw outside(relative, real, real);
  }
  return real;
}

/** Walks the path one component at a time; the first link that leaves the root is the culprit. */
function assertLinksInside(realRoot: string, relative: string, depth = 0): void {
  let current = realRoot;
  const parts = relative.split("/");
  for (let index = 0; index < parts.length; index++) {
    const next = path.join(current, parts[index]!);
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch {
      return; // missing from here on: nothing more to follow
    }
    if (!isLink) {
      current = next;
      continue;
    }
    const target = readlinkSync(next);
    const linkName = parts.slice(0, index + 1).join("/");
    let resolved: string;
    try {
      resolved = realpathSync(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ELOOP") throw symlinkLoop(linkName);
      const lexical = path.resolve(current, target);
      if (!isWithin(realRoot, lexical)) throw outside(linkName, target, lexical);
      return; // dangling but pointing inside: the caller reports it as missing
    }
    if (!isWithin(realRoot, resolved)) {
      // A link into the repo whose own path crosses another link that leaves: name that one.
      const lexical = path.resolve(current, target);
      if (isWithin(realRoot, lexical) && lexical !== next && depth < 40) {
        assertLinksInside(realRoot, path.relative(realRoot, lexical).split(path.sep).join("/"), depth + 1);
      }
      throw outside(linkName, target, resolved);
    }
    current = resolved;
  }
}

function outside(link: string, target: string, resolved: string): RepoError {
  const shown = target === resolved ? target : `${target} (${resolved})`;
  return new RepoError(
    "CC_REPO_SYMLINK_OUTSIDE",
    `${link} is a symlink to ${shown}, outside the repo: it is not read (Flux and kustomize refuse links that leave the source too)`,
    {
      file: link,
      hint: `replace ${link} with the file it should hold, or with a link to a file inside the repo`,
    },
  );
}

function symlinkLoop(link: string): RepoError {
  return new RepoError("CC_REPO_SYMLINK_OUTSIDE", `${link} is a symlink loop: it leads nowhere`, {
    file: link,
    hint: `replace ${link} with the file it should hold`,
  });
}
