// Facts about host files (their sha256, their `ldd` output), remembered by (path, size, mtime,
// inode) in a small JSON file: hashing the 120 MB Node binary or running ldd on 120 xtables
// extensions costs seconds on every rehearsal, and a package upgrade or a new Node changes
// size/mtime/inode, which invalidates the entry.

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

type Entries = Record<string, { key: string; facts: Record<string, string> }>;

export class FileFactsCache {
  readonly #path: string | undefined;
  #entries: Entries = {};
  #dirty = false;

  private constructor(path: string | undefined) {
    this.#path = path;
  }

  /** A cache backed by `path` (undefined: memory only). An unreadable file starts empty. */
  static async open(path: string | undefined): Promise<FileFactsCache> {
    const cache = new FileFactsCache(path);
    if (path !== undefined) {
      try {
        cache.#entries = JSON.parse(await readFile(path, "utf8")) as Entries;
      } catch {
        cache.#entries = {};
      }
    }
    return cache;
  }

  /** A fact about `file`, computed once per version of the file. */
  async remember(file: string, fact: string, compute: () => Promise<string>): Promise<string> {
    const info = await stat(file);
    const key = `${info.size}:${info.mtimeMs}:${info.ino}`;
    let entry = this.#entries[file];
    if (entry?.key !== key || typeof entry.facts !== "object" || entry.facts === null) {
      entry = { key, facts: {} };
      this.#entries[file] = entry;
    }
    const known = entry.facts[fact];
    if (known !== undefined) return known;
    const value = await compute();
    entry.facts[fact] = value;
    this.#dirty = true;
    return value;
  }

  digest(file: string): Promise<string> {
    return this.remember(file, "sha256", async () => {
      const hash = createHash("sha256");
      for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }))
        hash.update(chunk as Buffer);
      return hash.digest("hex");
    });
  }

  async save(): Promise<void> {
    if (this.#path === undefined || !this.#dirty) return;
    await mkdir(dirname(this.#path), { recursive: true });
    await writeFile(this.#path, `${JSON.stringify(this.#entries)}\n`);
    this.#dirty = false;
  }
}
