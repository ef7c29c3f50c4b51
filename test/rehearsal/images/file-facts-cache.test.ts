import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileFactsCache } from "../../../rehearsal/images/file-facts-cache.ts";

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FileFactsCache", () => {
  it("computes a fact once per version of the file and keeps it across opens", async () => {
    dir = await mkdtemp(join(tmpdir(), "facts-"));
    const file = join(dir, "program");
    const cachePath = join(dir, "cache", "facts.json");
    await writeFile(file, "one");
    let computed = 0;
    const compute = async () => `value ${++computed}`;

    const first = await FileFactsCache.open(cachePath);
    expect(await first.remember(file, "ldd", compute)).toBe("value 1");
    expect(await first.remember(file, "ldd", compute)).toBe("value 1");
    await first.save();
    const again = await FileFactsCache.open(cachePath);
    expect(await again.remember(file, "ldd", compute)).toBe("value 1");

    await writeFile(file, "changed content");
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect(await again.remember(file, "ldd", compute)).toBe("value 2");
  });

  it("hashes content with sha256 and starts empty from an unreadable cache file", async () => {
    dir = await mkdtemp(join(tmpdir(), "facts-"));
    const file = join(dir, "f");
    const cachePath = join(dir, "facts.json");
    await writeFile(file, "abc");
    await writeFile(cachePath, "{not json");
    const cache = await FileFactsCache.open(cachePath);
    expect(await cache.digest(file)).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
