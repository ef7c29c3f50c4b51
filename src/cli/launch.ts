// The published CLI's entry (bin/cilium-conformance.js → dist/cli/launch.cjs; a clone runs
// main.ts instead): the bundle's code cache (code-cache.ts) in the cache folder, then the CLI.

import { createRequire } from "node:module";
import path from "node:path";
import { cacheRoot } from "../charts/cache-location.ts";
import { packagePath } from "../package-root.ts";
import { installCodeCache } from "./code-cache.ts";

if (!process.env.NODE_DISABLE_COMPILE_CACHE) {
  installCodeCache({
    bundleDir: packagePath("dist", "cli"),
    cacheDir: path.join(cacheRoot(process.env), "code", `${process.versions.node}-${process.arch}`),
  });
}
createRequire(packagePath("package.json"))("./dist/cli/main.cjs");
