import { mkdir, mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { latestRunContextPath, writeLatestRun } from "../../src/cluster/latest-run.ts";

describe("latest run", () => {
  it("follows reports/latest, else the newest run-context.json, else says how to get one (exit 3)", async () => {
    const root = await mkdtemp(join(tmpdir(), "cc-latest-"));
    await expect(latestRunContextPath(root)).rejects.toMatchObject({
      code: "CC_ENV_CONTEXT_MISSING",
      exitCode: 3,
    });
    for (const [id, seconds] of [
      ["old", 1000],
      ["new", 2000],
    ] as const) {
      await mkdir(join(root, id));
      await writeFile(join(root, id, "run-context.json"), "{}");
      await utimes(join(root, id, "run-context.json"), seconds, seconds);
    }
    expect(await latestRunContextPath(root)).toBe(join(root, "new", "run-context.json"));
    await writeLatestRun(root, "old");
    expect(await latestRunContextPath(root)).toBe(join(root, "old", "run-context.json"));
  });
});
