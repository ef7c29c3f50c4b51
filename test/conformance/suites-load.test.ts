// The suites need a cluster, so they never run here. This proves the next best thing: the
// catalog and suites/ agree, and every module each suite imports loads (typechecking covers the rest).

import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { suiteCatalog } from "../../src/conformance/suite-catalog.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function importsOf(source: string): string[] {
  return [...source.matchAll(/^import[\s\S]*?from\s+"([^"]+)";/gm)].map((match) => match[1] ?? "");
}

describe("suites", () => {
  it("the catalog lists exactly the files in suites/", async () => {
    const files = (await readdir(join(root, "suites")))
      .filter((f) => f.endsWith(".suite.ts"))
      .map((f) => `suites/${f}`);
    expect(files.sort()).toEqual(suiteCatalog.map((s) => s.file).sort());
  });

  for (const entry of suiteCatalog) {
    it(`${entry.file}: every imported module loads`, async () => {
      const source = await readFile(join(root, entry.file), "utf8");
      const imports = importsOf(source);
      expect(imports.length).toBeGreaterThan(0);
      expect(source).toContain(`useSuiteHarness("${entry.id}")`);
      for (const specifier of imports) {
        if (specifier === "vitest") continue; // the suite's own runner
        const target = specifier.startsWith(".")
          ? pathToFileURL(resolve(root, "suites", specifier)).href
          : specifier;
        await expect(import(target), specifier).resolves.toBeDefined();
      }
    });
  }
});
