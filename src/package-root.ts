// Where the package's own files are (fixtures/, kind-config.yaml, the Hubble protos, the suites),
// the same way from the TypeScript sources and from the published bundle in dist/, whose modules
// sit at other depths: the nearest folder above this module whose package.json is ours. Every
// path to a shipped file goes through here, so no module counts `../..` itself.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_NAME = "cilium-conformance";

/** Walks up from `start` to the folder holding a package.json named `name`. */
export function findPackageRoot(start: string, name = PACKAGE_NAME): string {
  let folder = start;
  for (;;) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && packageName(manifest) === name) return folder;
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`no package.json named "${name}" above ${start}: the ${name} install is incomplete`);
    }
    folder = parent;
  }
}

function packageName(manifest: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
    return typeof parsed.name === "string" ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}

/** The package's root folder (the clone, or node_modules/cilium-conformance). */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A shipped file or folder, by its path relative to the package root. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot, ...segments);
}

/**
 * True when this code runs from the published bundle (dist/), false from the TypeScript sources:
 * the suites are `.suite.js` files in dist/suites/ there, `.suite.ts` in suites/ here.
 */
export const runsFromBuild = !import.meta.url.endsWith(".ts");
