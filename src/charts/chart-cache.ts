// The chart cache: archives downloaded from a Helm repository, keyed by repo URL, chart, version
// and digest, so a second preview of the same versions is offline. A small JSON pointer per
// (repo, chart, version) remembers which digest the index gave, so a hit needs no index either.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isRecord } from "../repo/yaml-documents.ts";

export interface CachedChartPointer {
  repoUrl: string;
  chart: string;
  version: string;
  url: string;
  /** sha256 of the archive (from the index, or computed at download when the index had none). */
  digest: string;
  /** Archive file name inside the repo's cache folder. */
  file: string;
}

export class ChartCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The cached archive for (repo, chart, version), when present and intact. */
  lookup(
    repoUrl: string,
    chart: string,
    version: string,
  ): { pointer: CachedChartPointer; archive: string } | undefined {
    const folder = this.#repoFolder(repoUrl);
    let pointer: unknown;
    try {
      pointer = JSON.parse(readFileSync(path.join(folder, pointerName(chart, version)), "utf8"));
    } catch {
      return undefined;
    }
    if (!isPointer(pointer)) return undefined;
    const archive = path.join(folder, pointer.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(archive);
    } catch {
      return undefined;
    }
    // A truncated or edited file is a miss, not a wrong answer.
    return sha256(bytes) === pointer.digest ? { pointer, archive } : undefined;
  }

  /** Stores a verified archive; returns its path. Writes are atomic (temp file + rename). */
  store(entry: Omit<CachedChartPointer, "file">, bytes: Uint8Array): string {
    const folder = this.#repoFolder(entry.repoUrl);
    mkdirSync(folder, { recursive: true });
    const file = `${entry.chart}-${entry.version}-${entry.digest.slice(0, 16)}.tgz`;
    const archive = path.join(folder, file);
    atomicWrite(archive, bytes);
    atomicWrite(
      path.join(folder, pointerName(entry.chart, entry.version)),
      `${JSON.stringify({ ...entry, file }, null, 2)}\n`,
    );
    return archive;
  }

  #repoFolder(repoUrl: string): string {
    const url = new URL(repoUrl);
    const readable = `${url.hostname}${url.port ? `-${url.port}` : ""}`.replace(/[^A-Za-z0-9.-]/g, "_");
    return path.join(this.dir, `${readable}-${sha256(Buffer.from(normaliseRepoUrl(repoUrl))).slice(0, 12)}`);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function normaliseRepoUrl(repoUrl: string): string {
  return repoUrl.endsWith("/") ? repoUrl : `${repoUrl}/`;
}

function pointerName(chart: string, version: string): string {
  return `${chart}-${version}.json`;
}

function atomicWrite(target: string, data: Uint8Array | string): void {
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}

function isPointer(value: unknown): value is CachedChartPointer {
  return (
    isRecord(value) &&
    ["repoUrl", "chart", "version", "url", "digest", "file"].every((key) => typeof value[key] === "string") &&
    !String(value.file).includes("/")
  );
}
