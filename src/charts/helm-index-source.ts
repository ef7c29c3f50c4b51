// Where a Helm repository index comes from: a local file (offline runners), or a URL fetched with
// undici and kept in a cache folder, revalidated on every use with the validators the server gave
// (ETag → If-None-Match, Last-Modified → If-Modified-Since), so an unchanged index of several MB is
// a 304 and no download. When the repository cannot be reached, the cached copy is used and the
// caller is told how old it is; with no copy, the failure says to pass the index as a file.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fetch } from "undici";
import { EnvironmentError, UsageError } from "../errors.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { assertFetchableRepo } from "./chart-download.ts";
import { indexUrl } from "./helm-repo-index.ts";

export type IndexLocation = { kind: "file"; path: string } | { kind: "url"; url: string };

export interface LoadedIndex {
  text: string;
  /** The file path or URL it came from. */
  origin: string;
  /** How it was had: read from a file, downloaded, the cached copy confirmed (304), or the cached copy because the download failed. */
  via: "file" | "download" | "cache-revalidated" | "cache-stale";
  /** When the cached copy was downloaded (ISO 8601), for URLs. */
  fetchedAt?: string;
  /** Why a stale copy was used. */
  warning?: string;
}

/** `--index` → a location: an http(s) URL (a repository folder, or an index file's own URL), else a file. */
export function indexLocation(value: string, cwd: string): IndexLocation {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    assertFetchableRepo(value);
    return { kind: "url", url: /\.(ya?ml|json)$/i.test(new URL(value).pathname) ? value : indexUrl(value) };
  }
  return { kind: "file", path: path.resolve(cwd, value) };
}

interface CachedMeta {
  url: string;
  /** Of the cached index.yaml: a damaged copy is no copy. */
  sha256: string;
  etag?: string;
  lastModified?: string;
  fetchedAt: string;
}

export interface LoadIndexOptions {
  cacheDir: string;
  /** Per-request budget. Default 120 s: the Cilium index is several MB. */
  timeoutMs?: number;
  now?: () => Date;
}

export async function loadHelmIndex(
  location: IndexLocation,
  options: LoadIndexOptions,
): Promise<LoadedIndex> {
  if (location.kind === "file") return readIndexFile(location.path);
  const folder = cacheFolder(options.cacheDir, location.url);
  const cached = readCached(folder, location.url);
  const headers: Record<string, string> = {};
  if (cached?.meta.etag) headers["if-none-match"] = cached.meta.etag;
  if (cached?.meta.lastModified) headers["if-modified-since"] = cached.meta.lastModified;
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(location.url, {
      headers,
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
  } catch (error) {
    return staleOrFail(location.url, cached, describeFetchError(error));
  }
  if (response.status === 304 && cached) {
    await response.body?.cancel();
    return {
      text: cached.text,
      origin: location.url,
      via: "cache-revalidated",
      fetchedAt: cached.meta.fetchedAt,
    };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return staleOrFail(location.url, cached, `HTTP ${response.status}`);
  }
  const text = await response.text();
  const meta: CachedMeta = {
    url: location.url,
    sha256: sha256(text),
    fetchedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  if (etag) meta.etag = etag;
  if (lastModified) meta.lastModified = lastModified;
  mkdirSync(folder, { recursive: true });
  atomicWrite(path.join(folder, "index.yaml"), text);
  atomicWrite(path.join(folder, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
  return { text, origin: location.url, via: "download", fetchedAt: meta.fetchedAt };
}

function readIndexFile(file: string): LoadedIndex {
  try {
    return { text: readFileSync(file, "utf8"), origin: file, via: "file" };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the Helm index ${file}${code ? ` (${code})` : ""}`, {
      file,
      hint: "pass --index with an index.yaml file or its URL (e.g. https://helm.cilium.io/index.yaml)",
    });
  }
}

function staleOrFail(
  url: string,
  cached: { text: string; meta: CachedMeta } | undefined,
  why: string,
): LoadedIndex {
  if (cached) {
    return {
      text: cached.text,
      origin: url,
      via: "cache-stale",
      fetchedAt: cached.meta.fetchedAt,
      warning: `${url} could not be fetched (${why}); using the copy downloaded at ${cached.meta.fetchedAt}`,
    };
  }
  throw new EnvironmentError("CC_ENV_DOWNLOAD_FAILED", `cannot download ${url}: ${why}`, {
    hint: "the runner needs HTTPS access to the chart repository; offline, pass --index with a copy of its index.yaml",
  });
}

function describeFetchError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${message}${cause}`;
}

function cacheFolder(cacheDir: string, url: string): string {
  const parsed = new URL(url);
  const readable = `${parsed.hostname}${parsed.port ? `-${parsed.port}` : ""}`.replace(
    /[^A-Za-z0-9.-]/g,
    "_",
  );
  return path.join(cacheDir, `${readable}-${createHash("sha256").update(url).digest("hex").slice(0, 12)}`);
}

function readCached(folder: string, url: string): { text: string; meta: CachedMeta } | undefined {
  try {
    const meta: unknown = JSON.parse(readFileSync(path.join(folder, "meta.json"), "utf8"));
    if (!isRecord(meta) || meta.url !== url || typeof meta.fetchedAt !== "string") return undefined;
    const text = readFileSync(path.join(folder, "index.yaml"), "utf8");
    return sha256(text) === meta.sha256 ? { text, meta: meta as unknown as CachedMeta } : undefined;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function atomicWrite(target: string, data: string): void {
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}
