import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findPackageRoot, packagePath, packageRoot, runsFromBuild } from "../src/package-root.ts";

describe("findPackageRoot", () => {
  it("walks up to the package.json with our name, past another package's", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-root-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "cilium-conformance" }));
    const nested = join(root, "node_modules", "other", "dist", "cli");
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(root, "node_modules", "other", "package.json"), JSON.stringify({ name: "other" }));
    expect(findPackageRoot(nested)).toBe(root);
    expect(findPackageRoot(nested, "other")).toBe(join(root, "node_modules", "other"));
  });

  it("says which package it looked for and from where when there is none", () => {
    const lonely = mkdtempSync(join(tmpdir(), "cc-root-none-"));
    expect(() => findPackageRoot(lonely, "no-such-package-name")).toThrow(
      `no package.json named "no-such-package-name" above ${lonely}`,
    );
  });

  it("from the sources it is the clone, and runs from the sources", () => {
    const manifest = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { name: string };
    expect(manifest.name).toBe("cilium-conformance");
    expect(statSync(join(packageRoot, "src", "package-root.ts")).isFile()).toBe(true);
    expect(runsFromBuild).toBe(false);
  });

  it("is the only module that locates files from import.meta (the bundle moves modules)", () => {
    const users: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".ts") && readFileSync(path, "utf8").includes("import.meta"))
          users.push(relative(packageRoot, path));
      }
    };
    walk(join(packageRoot, "src"));
    walk(join(packageRoot, "suites"));
    expect(users).toEqual(["src/package-root.ts"]);
  });
});
