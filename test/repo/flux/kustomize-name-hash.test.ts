// kustomize's generated ConfigMap name suffix, against figures kubectl kustomize v5.5.0 printed
// and, live, against the kustomize on PATH (fails, does not skip, without one).

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findKustomize, KUSTOMIZE_ENV } from "../../../src/repo/flux/kustomize-binary.ts";
import { goJsonString, hashedConfigMapName } from "../../../src/repo/flux/kustomize-name-hash.ts";

describe("the hash suffix of a generated ConfigMap", () => {
  it("matches kubectl kustomize v5.5.0's (the name itself is not hashed)", () => {
    expect(hashedConfigMapName("x", { a: "b" })).toBe("x-4h2mbtbbt6");
    expect(hashedConfigMapName("other", { a: "b" })).toBe("other-4h2mbtbbt6");
    expect(hashedConfigMapName("x", { "a<b": "é&\u0001\u2028" })).toBe("x-hgtgh2h5k6");
  });

  it("writes strings as Go's encoding/json does", () => {
    expect(goJsonString('a"\\\n\r\t<>&\u0001\u2028é😀')).toBe(
      '"a\\"\\\\\\n\\r\\t\\u003c\\u003e\\u0026\\u0001\\u2028é😀"',
    );
  });

  it("matches the kustomize on PATH for files with every awkward character", () => {
    const binary = findKustomize({ ...process.env, [KUSTOMIZE_ENV]: "auto" });
    expect(binary, "install kustomize or kubectl").toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), "cc-hash-"));
    const data: Record<string, string> = {
      "z.txt": "tabs\tand <tags> & ampersands\n\u00e9\u2028\u2029 \u{1F600}\n\u0007bell",
      "a.yaml": "key: value\n  trailing   \n",
      "B.conf": "",
    };
    for (const [file, text] of Object.entries(data)) writeFileSync(path.join(dir, file), text);
    writeFileSync(
      path.join(dir, "kustomization.yaml"),
      `configMapGenerator:\n  - name: g\n    files:\n${Object.keys(data)
        .map((file) => `      - ${file}\n`)
        .join("")}`,
    );
    const run = spawnSync(binary!.file, [...binary!.args, dir], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const name = /^ {2}name: (\S+)$/m.exec(run.stdout)?.[1];
    expect(name).toBe(hashedConfigMapName("g", data));
  });
});
