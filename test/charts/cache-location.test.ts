import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CACHE_DIR_ENV,
  cacheRoot,
  chartCacheDir,
  helmIndexCacheDir,
} from "../../src/charts/cache-location.ts";
import { packageRoot } from "../../src/package-root.ts";

const home = () => "/home/ada";

describe("cacheRoot", () => {
  it("takes CILIUM_CONFORMANCE_CACHE_DIR first, from sources and build alike", () => {
    expect(cacheRoot({ [CACHE_DIR_ENV]: "/var/cache/cc" }, false, home)).toBe("/var/cache/cc");
    expect(cacheRoot({ [CACHE_DIR_ENV]: "/var/cache/cc", XDG_CACHE_HOME: "/x" }, true, home)).toBe(
      "/var/cache/cc",
    );
  });

  it("in a clone, .cache/ inside it", () => {
    expect(cacheRoot({ XDG_CACHE_HOME: "/x" }, false, home)).toBe(join(packageRoot, ".cache"));
  });

  it("installed, the user's cache folder: XDG_CACHE_HOME when absolute, else ~/.cache", () => {
    expect(cacheRoot({ XDG_CACHE_HOME: "/xdg" }, true, home)).toBe("/xdg/cilium-conformance");
    expect(cacheRoot({ XDG_CACHE_HOME: "relative/cache" }, true, home)).toBe(
      "/home/ada/.cache/cilium-conformance",
    );
    expect(cacheRoot({}, true, home)).toBe("/home/ada/.cache/cilium-conformance");
  });

  it("keeps charts and Helm indexes apart under it", () => {
    const env = { [CACHE_DIR_ENV]: "/c" };
    expect(chartCacheDir(env)).toBe("/c/charts");
    expect(helmIndexCacheDir(env)).toBe("/c/helm-indexes");
  });
});
