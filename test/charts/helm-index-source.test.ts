import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { indexLocation, loadHelmIndex } from "../../src/charts/helm-index-source.ts";
import { helmIndex, type IndexServer, startIndexServer } from "./support/helm-index-server.ts";
import { tempDir } from "./support/test-charts.ts";

let server: IndexServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = (iso: string) => () => new Date(iso);

describe("indexLocation", () => {
  it("a repository URL means its index.yaml; an index URL is kept; anything else is a file", () => {
    expect(indexLocation("https://helm.cilium.io", "/w")).toEqual({
      kind: "url",
      url: "https://helm.cilium.io/index.yaml",
    });
    expect(indexLocation("https://mirror.example.test/charts/index.yaml", "/w")).toEqual({
      kind: "url",
      url: "https://mirror.example.test/charts/index.yaml",
    });
    expect(indexLocation("copies/index.yaml", "/w")).toEqual({ kind: "file", path: "/w/copies/index.yaml" });
    expect(() => indexLocation("oci://ghcr.io/cilium/charts", "/w")).toThrow("OCI registries");
  });
});

describe("loadHelmIndex from a URL (loopback HTTP), cached", () => {
  it("downloads once, then revalidates with the ETag and reads the cached copy on 304", async () => {
    server = await startIndexServer(helmIndex({ cilium: ["1.18.11"] }));
    const cacheDir = tempDir();
    const location = indexLocation(server.url, "/");
    const first = await loadHelmIndex(location, { cacheDir, now: at("2026-12-01T03:00:00Z") });
    expect(first).toMatchObject({ via: "download", fetchedAt: "2026-12-01T03:00:00.000Z" });
    const second = await loadHelmIndex(location, { cacheDir });
    expect(second).toMatchObject({ via: "cache-revalidated", fetchedAt: "2026-12-01T03:00:00.000Z" });
    expect(second.text).toBe(first.text);
    expect(server.requests).toEqual([
      { path: "/index.yaml", ifNoneMatch: undefined },
      { path: "/index.yaml", ifNoneMatch: '"v1"' },
    ]);
  });

  it("a changed index is downloaded again and replaces the copy", async () => {
    server = await startIndexServer(helmIndex({ cilium: ["1.18.11"] }));
    const cacheDir = tempDir();
    const location = indexLocation(server.url, "/");
    await loadHelmIndex(location, { cacheDir });
    server.setIndex(helmIndex({ cilium: ["1.18.11", "1.18.12"] }));
    const changed = await loadHelmIndex(location, { cacheDir });
    expect(changed.via).toBe("download");
    expect(changed.text).toContain("1.18.12");
    expect((await loadHelmIndex(location, { cacheDir })).via).toBe("cache-revalidated");
  });

  it("when the repository fails, the cached copy is used with a warning saying how old it is", async () => {
    server = await startIndexServer(helmIndex({ cilium: ["1.18.11"] }));
    const cacheDir = tempDir();
    const location = indexLocation(server.url, "/");
    await loadHelmIndex(location, { cacheDir, now: at("2026-12-01T03:00:00Z") });
    server.failWith(503);
    const stale = await loadHelmIndex(location, { cacheDir });
    expect(stale.via).toBe("cache-stale");
    expect(stale.warning).toBe(
      `${server.url}index.yaml could not be fetched (HTTP 503); using the copy downloaded at 2026-12-01T03:00:00.000Z`,
    );
  });

  it("with no copy, a failure is an environment error (exit 3) that says to pass the index as a file", async () => {
    server = await startIndexServer("");
    server.failWith(500);
    await expect(
      loadHelmIndex(indexLocation(server.url, "/"), { cacheDir: tempDir() }),
    ).rejects.toMatchObject({
      code: "CC_ENV_DOWNLOAD_FAILED",
      exitCode: 3,
      hint: expect.stringContaining("pass --index with a copy of its index.yaml"),
    });
  });

  it("a damaged cached copy is no copy: it is downloaded again", async () => {
    server = await startIndexServer(helmIndex({ cilium: ["1.18.11"] }));
    const cacheDir = tempDir();
    const location = indexLocation(server.url, "/");
    await loadHelmIndex(location, { cacheDir });
    const [folder] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, folder!, "index.yaml"), "truncat");
    const again = await loadHelmIndex(location, { cacheDir });
    expect(again.via).toBe("download");
    expect(server.requests.at(-1)?.ifNoneMatch).toBeUndefined();
  });
});

describe("loadHelmIndex from a file", () => {
  it("reads it, and names the file with exit 2 when it cannot", async () => {
    const dir = tempDir();
    const file = path.join(dir, "index.yaml");
    writeFileSync(file, helmIndex({ cilium: ["1.19.5"] }));
    expect(await loadHelmIndex({ kind: "file", path: file }, { cacheDir: dir })).toMatchObject({
      via: "file",
      origin: file,
    });
    await expect(
      loadHelmIndex({ kind: "file", path: path.join(dir, "missing.yaml") }, { cacheDir: dir }),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("missing.yaml (ENOENT)") });
  });
});
