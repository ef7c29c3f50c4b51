// `.cilium-conformance.yaml`: optional; overrides the seed's paths and declares LAN facts and the
// promised capabilities. Strict: an unknown key is an error, because a typo would otherwise
// silently turn a promise or a LAN fact off (with the nearest known key as a suggestion). Every
// problem of the file is reported at once, each with its line and fix. The format is documented in
// docs/repo-config.md.
import { RepoError } from "../errors.ts";
import { parseIp } from "../net/ip-address.ts";
import { parseCidr } from "../net/ip-range.ts";
import { didYouMean } from "../text/nearest-name.ts";
import type {
  ConformanceConfig,
  LanFacts,
  Located,
  Promises,
  RepoPaths,
  SourceLocation,
  YamlPath,
} from "./infra-model.ts";
import { quoteExcerpt } from "./quote-excerpt.ts";
import { CONFIG_FILE, type RepoFiles } from "./repo-files.ts";
import { insideRelative } from "./repo-path-guard.ts";
import { isRecord, type YamlDocument } from "./yaml-documents.ts";

export const defaultPaths: RepoPaths = {
  ciliumRelease: "infra/controllers/cilium",
  values: "infra/controllers/cilium/values.yaml",
  pool: "infra/configs/cilium/load-balancer-ip-pool.yaml",
  l2Policy: "infra/configs/cilium/l2-announcement-policy.yaml",
  scan: ["."],
};

export const defaultPromises: Promises = {
  kubeProxyReplacement: true,
  l2Announcements: true,
  lbIpam: true,
  gatewayApi: true,
  hubble: true,
  hubbleRelay: true,
  hubbleUi: true,
};

/** The config plus which paths it named explicitly (those must exist) and on which line. */
export interface LoadedConfig {
  config: ConformanceConfig;
  explicitPaths: ReadonlySet<keyof RepoPaths>;
  /** Where each explicit path is written in the config (for messages about what it did). */
  pathLocations: Partial<Record<keyof RepoPaths, SourceLocation>>;
}

const TOP_KEYS = ["paths", "lan", "promises"] as const;
const PATH_KEYS = ["ciliumRelease", "values", "pool", "l2Policy", "scan"] as const;
const LAN_KEYS = ["cidr", "gateway", "nics", "dhcpRange", "nodes"] as const;

export function loadConformanceConfig(files: RepoFiles): LoadedConfig {
  if (!files.exists(CONFIG_FILE)) {
    return {
      config: { file: undefined, paths: defaultPaths, lan: emptyLan(), promises: defaultPromises },
      explicitPaths: new Set(),
      pathLocations: {},
    };
  }
  const [document] = files.parse(CONFIG_FILE).documents;
  if (!document) {
    return {
      config: { file: CONFIG_FILE, paths: defaultPaths, lan: emptyLan(), promises: defaultPromises },
      explicitPaths: new Set(),
      pathLocations: {},
    };
  }
  const reader = new ConfigReader(document, files);
  const root = reader.attempt(() => reader.map([], TOP_KEYS)) ?? {};
  const paths = readPaths(reader, root.paths);
  const lan = readLan(reader, root.lan);
  const promises = readPromises(reader, root.promises);
  reader.throwProblems();
  return {
    config: { file: CONFIG_FILE, paths: paths.paths, lan, promises },
    explicitPaths: paths.explicit,
    pathLocations: paths.locations,
  };
}

function emptyLan(): LanFacts {
  return { cidr: undefined, gateway: undefined, nics: undefined, dhcpRange: undefined };
}

interface ReadPaths {
  paths: RepoPaths;
  explicit: Set<keyof RepoPaths>;
  locations: Partial<Record<keyof RepoPaths, SourceLocation>>;
}

function readPaths(reader: ConfigReader, raw: unknown): ReadPaths {
  const explicit = new Set<keyof RepoPaths>();
  const locations: Partial<Record<keyof RepoPaths, SourceLocation>> = {};
  const paths: RepoPaths = { ...defaultPaths };
  if (raw === undefined) return { paths, explicit, locations };
  const map = reader.attempt(() => reader.map(["paths"], PATH_KEYS)) ?? {};
  for (const key of ["ciliumRelease", "values", "pool", "l2Policy"] as const) {
    if (map[key] === undefined) continue;
    reader.attempt(() => {
      const repoPath = reader.repoPath(["paths", key]);
      reader.mustExist(["paths", key], repoPath, key === "ciliumRelease" ? "folder" : "file");
      paths[key] = repoPath;
      explicit.add(key);
      locations[key] = reader.located(["paths", key], repoPath).location;
    });
  }
  if (map.scan !== undefined) {
    reader.attempt(() => {
      const list = reader.list(["paths", "scan"]);
      if (list.length === 0)
        reader.fail(["paths", "scan"], "paths.scan is empty", "list at least one folder");
      const folders = list.map((_, index) =>
        reader.attempt(() => {
          const folder = reader.repoPath(["paths", "scan", index]);
          reader.mustExist(["paths", "scan", index], folder, "folder");
          return folder;
        }),
      );
      paths.scan = folders.filter((folder): folder is string => folder !== undefined);
      explicit.add("scan");
      locations.scan = reader.located(["paths", "scan"], paths.scan).location;
    });
  }
  return { paths, explicit, locations };
}

function readLan(reader: ConfigReader, raw: unknown): LanFacts {
  const lan = emptyLan();
  if (raw === undefined) return lan;
  const map = reader.attempt(() => reader.map(["lan"], LAN_KEYS)) ?? {};
  if (map.cidr !== undefined) {
    reader.attempt(() => {
      const cidr = reader.string(["lan", "cidr"]);
      if (!parseCidr(cidr)) {
        reader.fail(
          ["lan", "cidr"],
          `lan.cidr ${quoteExcerpt(cidr)} is not a network in CIDR form`,
          "write the LAN as network/prefix with the host bits zero, e.g. 192.168.5.0/24",
        );
      }
      lan.cidr = reader.located(["lan", "cidr"], cidr);
    });
  }
  if (map.gateway !== undefined) {
    reader.attempt(() => {
      lan.gateway = reader.located(["lan", "gateway"], reader.address(["lan", "gateway"]));
    });
  }
  if (map.nics !== undefined) {
    reader.attempt(() => {
      const nics = reader.list(["lan", "nics"]).map((_, index) => reader.string(["lan", "nics", index]));
      lan.nics = reader.located(["lan", "nics"], nics);
    });
  }
  if (map.nodes !== undefined) {
    reader.attempt(() => {
      lan.nodes = reader
        .list(["lan", "nodes"])
        .map((_, index) => reader.located(["lan", "nodes", index], reader.address(["lan", "nodes", index])));
    });
  }
  if (map.dhcpRange !== undefined) reader.attempt(() => readDhcpRange(reader, lan));
  return lan;
}

function readDhcpRange(reader: ConfigReader, lan: LanFacts): void {
  reader.map(["lan", "dhcpRange"], ["start", "stop"] as const);
  const start = reader.address(["lan", "dhcpRange", "start"]);
  const stop = reader.address(["lan", "dhcpRange", "stop"]);
  const [first, last] = [parseIp(start)!, parseIp(stop)!];
  if (first.family !== last.family) {
    reader.fail(
      ["lan", "dhcpRange"],
      `lan.dhcpRange mixes an IPv${first.family} start (${start}) with an IPv${last.family} stop (${stop})`,
      "give start and stop of the same family (the DHCPv4 pool of your router)",
    );
  }
  if (first.value > last.value) {
    reader.fail(
      ["lan", "dhcpRange"],
      `lan.dhcpRange starts at ${start} after it stops at ${stop}`,
      "swap start and stop",
    );
  }
  lan.dhcpRange = reader.located(["lan", "dhcpRange"], { start, stop });
}

function readPromises(reader: ConfigReader, raw: unknown): Promises {
  if (raw === undefined) return defaultPromises;
  const keys = Object.keys(defaultPromises) as (keyof Promises)[];
  const map = reader.attempt(() => reader.map(["promises"], keys)) ?? {};
  const promises: Promises = { ...defaultPromises };
  for (const key of keys) {
    if (map[key] === undefined) continue;
    reader.attempt(() => {
      if (typeof map[key] !== "boolean") {
        reader.fail(
          ["promises", key],
          `promises.${key} must be true or false`,
          `write \`${key}: true\` or \`${key}: false\``,
        );
      }
      promises[key] = map[key] as boolean;
    });
  }
  return promises;
}

/** One problem of the file; thrown to abandon the key being read, collected by `attempt`. */
class ConfigProblem extends Error {
  readonly code: "CC_REPO_CONFIG_INVALID" | "CC_REPO_FILE_MISSING";
  readonly line: number | undefined;
  readonly hint: string;

  constructor(code: ConfigProblem["code"], message: string, line: number | undefined, hint: string) {
    super(message);
    this.code = code;
    this.line = line;
    this.hint = hint;
  }
}

/** Typed reads from the config document; each failure names the line, and all are reported together. */
class ConfigReader {
  readonly #document: YamlDocument;
  readonly #files: RepoFiles;
  readonly #problems: ConfigProblem[] = [];

  constructor(document: YamlDocument, files: RepoFiles) {
    this.#document = document;
    this.#files = files;
  }

  /** Runs one read; a problem is recorded (the read yields undefined) so the others still run. */
  attempt<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigProblem)) throw error;
      this.#problems.push(error);
      return undefined;
    }
  }

  /** The file's problems as one error: a single one as it always read, several numbered with their lines. */
  throwProblems(): void {
    const problems = [...this.#problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const [first] = problems;
    if (!first) return;
    const code = problems.every((p) => p.code === "CC_REPO_FILE_MISSING")
      ? "CC_REPO_FILE_MISSING"
      : "CC_REPO_CONFIG_INVALID";
    const list = problems.map((p) => ({ file: CONFIG_FILE, line: p.line, message: p.message, hint: p.hint }));
    if (problems.length === 1) {
      throw new RepoError(first.code, first.message, {
        file: CONFIG_FILE,
        ...(first.line ? { line: first.line } : {}),
        hint: first.hint,
        problems: list,
      });
    }
    const body = problems.map((p, index) => `  ${index + 1}. ${p.message}\n     fix: ${p.hint}`).join("\n");
    throw new RepoError(code, `${CONFIG_FILE} has ${problems.length} problems:\n${body}`, {
      file: CONFIG_FILE,
      ...(first.line ? { line: first.line } : {}),
      hint: "fix each problem listed above (that is all of them), then run the command again",
      problems: list,
    });
  }

  /** A path the config names must exist: CC_REPO_FILE_MISSING otherwise. */
  mustExist(path: YamlPath, repoPath: string, kind: "file" | "folder"): void {
    const present = kind === "folder" ? this.#files.isFolder(repoPath) : this.#files.isFile(repoPath);
    if (present) return;
    const line = this.#document.lineOf(path);
    const found = !this.#files.exists(repoPath)
      ? "is not in the repo"
      : kind === "file"
        ? "is a folder, not a file"
        : "is a file, not a folder";
    throw new ConfigProblem(
      "CC_REPO_FILE_MISSING",
      `${CONFIG_FILE}:${line}: ${dotted(path)} names the ${kind} ${repoPath}, which ${found}`,
      line,
      `fix the path (relative to the repo root) or remove ${dotted(path)} to use the default`,
    );
  }

  value(path: YamlPath): unknown {
    let node: unknown = this.#document.value;
    for (const segment of path) {
      if (Array.isArray(node) && typeof segment === "number") node = node[segment];
      else if (isRecord(node)) node = node[String(segment)];
      else return undefined;
    }
    return node;
  }

  map<K extends string>(path: YamlPath, allowed: readonly K[]): Partial<Record<K, unknown>> {
    const value = path.length === 0 ? (this.#document.value ?? {}) : this.value(path);
    const name = path.length === 0 ? CONFIG_FILE : path.join(".");
    if (!isRecord(value))
      this.fail(path, `${name} must be a map of keys`, `expected keys: ${allowed.join(", ")}`);
    const known: Partial<Record<K, unknown>> = {};
    for (const [key, item] of Object.entries(value)) {
      if ((allowed as readonly string[]).includes(key)) {
        known[key as K] = item;
        continue;
      }
      // Recorded, not thrown: the other keys of this map are still read (and checked).
      this.attempt(() =>
        this.fail(
          [...path, key],
          `unknown key ${quoteExcerpt(key)} in ${name}.${didYouMean(key, allowed)}`,
          `the keys allowed here are: ${allowed.join(", ")}`,
        ),
      );
    }
    return known;
  }

  list(path: YamlPath): unknown[] {
    const value = this.value(path);
    if (!Array.isArray(value))
      this.fail(path, `${path.join(".")} must be a list`, "write one `- item` per line");
    return value;
  }

  string(path: YamlPath): string {
    const value = this.value(path);
    if (typeof value !== "string" || value.trim() === "") {
      this.fail(
        path,
        `${dotted(path)} must be a non-empty string`,
        "quote the value if YAML reads it as something else",
      );
    }
    return value.trim();
  }

  address(path: YamlPath): string {
    const text = this.string(path);
    if (!parseIp(text))
      this.fail(
        path,
        `${dotted(path)} ${quoteExcerpt(text)} is not an IP address`,
        "write an address such as 192.168.5.1",
      );
    return text;
  }

  /** A repo-relative path that stays inside the repo. */
  repoPath(path: YamlPath): string {
    const text = this.string(path);
    const normal = insideRelative(text);
    if (normal === undefined) {
      this.fail(
        path,
        `${dotted(path)} ${quoteExcerpt(text)} points outside the repo`,
        "use a path relative to the repo root",
      );
    }
    return normal === "" ? "." : normal;
  }

  located<T>(path: YamlPath, value: T): Located<T> {
    return { value, location: { file: CONFIG_FILE, line: this.#document.lineOf(path) } };
  }

  fail(path: YamlPath, message: string, hint: string): never {
    const line = this.#document.lineOf(path);
    throw new ConfigProblem("CC_REPO_CONFIG_INVALID", `${CONFIG_FILE}:${line}: ${message}`, line, hint);
  }
}

function dotted(path: YamlPath): string {
  return path
    .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${segment}`))
    .join("")
    .slice(1);
}
