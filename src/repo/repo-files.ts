// Reading files of the infra repo: repo-relative names with forward slashes, each file read and
// parsed once.
import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { RepoError } from "../errors.ts";
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
  readonly root: string;
  readonly #parsed = new Map<string, ParsedFile>();

  constructor(root: string) {
    this.root = root;
  }

  absolute(file: string): string {
    return path.join(this.root, ...file.split("/"));
  }

  exists(file: string): boolean {
    return existsSync(this.absolute(file));
  }

  isFolder(file: string): boolean {
    return this.exists(file) && statSync(this.absolute(file)).isDirectory();
  }

  isFile(file: string): boolean {
    return this.exists(file) && statSync(this.absolute(file)).isFile();
  }

  /** Reads and parses a YAML file once; a syntax error is CC_REPO_YAML_INVALID. */
  parse(file: string): ParsedFile {
    const cached = this.#parsed.get(file);
    if (cached) return cached;
    const text = this.readText(file);
    const parsed = { file, text, documents: parseYamlDocuments(text, file) };
    this.#parsed.set(file, parsed);
    return parsed;
  }

  /** A file's text; a folder, a permission problem or an I/O error is CC_REPO_FILE_UNREADABLE. */
  readText(file: string): string {
    try {
      return readFileSync(this.absolute(file), "utf8");
    } catch (error) {
      throw unreadable(file, error);
    }
  }

  /** Every parsed file so far, in the order first read. */
  parsedFiles(): readonly string[] {
    return [...this.#parsed.keys()];
  }

  /**
   * Every YAML file below the folders, sorted. Skips .git, node_modules, the tool's own config,
   * and the `templates/` of Helm charts kept in the repo (Go templates are not YAML).
   */
  listYamlFiles(folders: readonly string[]): string[] {
    const found = new Set<string>();
    for (const folder of folders) this.#walk(normaliseRelative(folder), found);
    return [...found].sort();
  }

  #walk(folder: string, found: Set<string>): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(this.absolute(folder), { withFileTypes: true });
    } catch (error) {
      throw unreadable(folder === "" ? "." : folder, error);
    }
    const isChart = entries.some((entry) => entry.isFile() && entry.name === "Chart.yaml");
    for (const entry of entries) {
      const file = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || (isChart && entry.name === "templates")) continue;
        this.#walk(file, found);
      } else if (entry.isFile() && isYamlName(entry.name) && file !== CONFIG_FILE) {
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

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_NAMES.has(path.posix.basename(file));
}

/** `./infra/` -> `infra`, `.` -> `` (the root). */
export function normaliseRelative(file: string): string {
  const normal = path.posix.normalize(file.replaceAll("\\", "/")).replace(/\/+$/, "");
  return normal === "." ? "" : normal.replace(/^\.\//, "");
}

/** The repo root as an absolute folder, or CC_REPO_NOT_FOUND. */
export function resolveRepoRoot(root: string): string {
  const absolute = path.resolve(root);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new RepoError("CC_REPO_NOT_FOUND", `the infra repo folder ${absolute} does not exist`, {
      file: absolute,
      hint: "pass the root of your GitOps repo with --repo <folder>",
    });
  }
  return absolute;
}
