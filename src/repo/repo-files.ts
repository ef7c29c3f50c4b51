// Reading files of the infra repo: repo-relative names with forward slashes, each file read and
// parsed once. Every read stays inside the repo (repo-path-guard.ts), reads regular files only and
// within the byte caps (read-limits.ts): a hostile repo gets a clear exit 2, never its content
// echoed, a hang or an exhausted machine.
import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { RepoError } from "../errors.ts";
import { DEFAULT_READ_LIMITS, formatBytes, type ReadLimits, readRegularFile } from "./read-limits.ts";
import { insideRelative, realPathInRepo } from "./repo-path-guard.ts";
import { parseYamlDocuments, type YamlDocument } from "./yaml-documents.ts";

const SKIPPED_FOLDERS = new Set([".git", "node_modules"]);
const KUSTOMIZATION_NAMES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);
export const CONFIG_FILE = ".cilium-conformance.yaml";

export interface ParsedFile {
  /** Repo-relative, forward slashes. */
  file: string;
  text: string;
  documents: readonly YamlDocument[];
}

export class RepoFiles {
  /** The repo's root with every symlink resolved: the boundary no read may cross. */
  readonly root: string;
  readonly limits: ReadLimits;
  readonly #parsed = new Map<string, ParsedFile>();
  readonly #texts = new Map<string, string>();
  readonly #real = new Map<string, string | undefined>();
  #bytesRead = 0;

  constructor(root: string, limits: ReadLimits = DEFAULT_READ_LIMITS) {
    this.root = realpathSync(root);
    this.limits = limits;
  }

  absolute(file: string): string {
    return path.join(this.root, ...file.split("/"));
  }

  #readFolder(folder: string): Dirent[] {
    const real = this.#realPath(folder);
    try {
      if (real === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return readdirSync(real, { withFileTypes: true });
    } catch (error) {
      throw unreadable(folder === "" ? "." : folder, error);
    }
  }

  /** realPathInRepo, remembered: builds ask about the same folders and files many times. */
  #realPath(file: string): string | undefined {
    if (this.#real.has(file)) return this.#real.get(file);
    const real = realPathInRepo(this.root, file);
    this.#real.set(file, real);
    return real;
  }

  /** Whether something is at this repo path (a link that leaves the repo throws instead). */
  exists(file: string): boolean {
    return this.#realPath(file) !== undefined;
  }

  isFolder(file: string): boolean {
    const real = this.#realPath(file);
    return real !== undefined && statSync(real).isDirectory();
  }

  isFile(file: string): boolean {
    const real = this.#realPath(file);
    return real !== undefined && statSync(real).isFile();
  }

  /** Reads and parses a YAML (or JSON) file once; a syntax error is CC_REPO_YAML_INVALID. */
  parse(file: string): ParsedFile {
    const cached = this.#parsed.get(file);
    if (cached) return cached;
    const text = this.readText(file);
    const parsed = { file, text, documents: parseYamlDocuments(text, file) };
    this.#parsed.set(file, parsed);
    return parsed;
  }

  /**
   * A file's text, read once. A link out of the repo is CC_REPO_SYMLINK_OUTSIDE; a folder, a
   * device or FIFO, a permission problem or an I/O error is CC_REPO_FILE_UNREADABLE; past the
   * caps, CC_REPO_FILE_TOO_LARGE / CC_REPO_TOO_LARGE.
   */
  readText(file: string): string {
    const cached = this.#texts.get(file);
    if (cached !== undefined) return cached;
    const real = this.#realPath(file);
    if (real === undefined) throw unreadable(file, Object.assign(new Error("missing"), { code: "ENOENT" }));
    let bytes: Buffer;
    try {
      bytes = readRegularFile(real, file, this.limits.fileBytes);
    } catch (error) {
      if (error instanceof RepoError) throw error;
      throw unreadable(file, error);
    }
    this.#bytesRead += bytes.length;
    if (this.#bytesRead > this.limits.totalBytes) {
      throw new RepoError(
        "CC_REPO_TOO_LARGE",
        `the scanned files add up to more than ${formatBytes(this.limits.totalBytes)} (stopped at ${file}): cilium-conformance reads no more from one repo`,
        {
          file,
          hint: "scan only the folders with your cluster's manifests (paths.scan in .cilium-conformance.yaml)",
        },
      );
    }
    const text = bytes.toString("utf8");
    this.#texts.set(file, text);
    return text;
  }

  /**
   * The entries of a folder, sorted: files (symlinked files included, checked when read) and real
   * folders (a symlinked folder is not entered, as Go's filepath.Walk does not).
   */
  listFolder(folder: string): { name: string; path: string; folder: boolean }[] {
    return this.#readFolder(folder)
      .filter((entry) =>
        entry.isDirectory() ? !SKIPPED_FOLDERS.has(entry.name) : entry.isFile() || entry.isSymbolicLink(),
      )
      .map((entry) => ({
        name: entry.name,
        path: folder === "" ? entry.name : `${folder}/${entry.name}`,
        folder: entry.isDirectory(),
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Every parsed file so far, in the order first read. */
  parsedFiles(): readonly string[] {
    return [...this.#parsed.keys()];
  }

  /**
   * Every YAML file below the folders, sorted. Skips .git, node_modules, the tool's own config,
   * and the `templates/` of Helm charts kept in the repo (Go templates are not YAML). Symlinked
   * folders are not entered (as Go's filepath.Walk, which Flux's generator uses, does not);
   * symlinked files are listed and checked when read.
   */
  listYamlFiles(folders: readonly string[]): string[] {
    const found = new Set<string>();
    const budget = { entries: 0 };
    for (const folder of folders) this.#walk(normaliseRelative(folder), found, budget);
    return [...found].sort();
  }

  #walk(folder: string, found: Set<string>, budget: { entries: number }): void {
    const entries = this.#readFolder(folder);
    budget.entries += entries.length;
    if (budget.entries > this.limits.entries) {
      throw new RepoError(
        "CC_REPO_TOO_LARGE",
        `the scanned folders hold more than ${this.limits.entries} entries (stopped in ${folder || "."}): cilium-conformance walks no more of one repo`,
        {
          file: folder || ".",
          hint: "scan only the folders with your cluster's manifests (paths.scan in .cilium-conformance.yaml)",
        },
      );
    }
    const isChart = entries.some((entry) => entry.isFile() && entry.name === "Chart.yaml");
    for (const entry of entries) {
      const file = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || (isChart && entry.name === "templates")) continue;
        this.#walk(file, found, budget);
      } else if (
        (entry.isFile() || entry.isSymbolicLink()) &&
        isYamlName(entry.name) &&
        file !== CONFIG_FILE
      ) {
        found.add(file);
      }
    }
  }
}

function unreadable(file: string, error: unknown): RepoError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "EISDIR"
      ? "it is a folder"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "ENOTDIR"
          ? "it is not a folder"
          : code === "ENOENT"
            ? "it is not there"
            : code === "ELOOP"
              ? "it is a symlink loop"
              : error instanceof Error
                ? error.message
                : String(error);
  return new RepoError("CC_REPO_FILE_UNREADABLE", `${file} cannot be read: ${why}`, {
    file,
    hint:
      code === "EACCES" || code === "EPERM"
        ? `give the user running cilium-conformance read access to ${file}`
        : `replace ${file} with a readable file, or move it out of the scanned folders`,
    cause: error,
  });
}

export function isYamlName(name: string): boolean {
  return name.endsWith(".yaml") || name.endsWith(".yml") || name === "Kustomization";
}

/** A manifest file kustomize reads when a kustomization lists it: YAML, or JSON (a YAML subset). */
export function isManifestName(name: string): boolean {
  return isYamlName(name) || name.endsWith(".json");
}

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_NAMES.has(path.posix.basename(file));
}

/** `./infra/` -> `infra`, `.` -> `` (the root); a path that climbs out of the repo is refused. */
export function normaliseRelative(file: string): string {
  const inside = insideRelative(file);
  if (inside === undefined) {
    throw new RepoError("CC_REPO_PATH_OUTSIDE", `${file} lies outside the repo`, {
      file,
      hint: "name folders relative to the repo root, without a leading `/` or `..` that climbs above it",
    });
  }
  return inside;
}

/** The repo root as an absolute folder, or CC_REPO_NOT_FOUND saying what is there instead. */
export function resolveRepoRoot(root: string): string {
  const absolute = path.resolve(root);
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(absolute);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) return absolute;
  const what =
    stat === undefined
      ? lstatOrUndefined(absolute)?.isSymbolicLink()
        ? "is a symlink to nothing"
        : "does not exist"
      : stat.isFile()
        ? "is a file, not a folder"
        : "is not a folder";
  throw new RepoError("CC_REPO_NOT_FOUND", `the infra repo folder ${absolute} ${what}`, {
    file: absolute,
    hint:
      stat?.isFile() === true
        ? `pass the folder at the root of your GitOps repo, e.g. --repo ${path.dirname(absolute)}`
        : "pass the root of your GitOps repo with --repo <folder>",
  });
}

function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
