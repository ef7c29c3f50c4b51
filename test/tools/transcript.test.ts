import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Transcript } from "../../src/tools/transcript.ts";

describe("Transcript", () => {
  it("serialises its entries in order and writes them as JSON", async () => {
    const transcript = new Transcript();
    transcript.record({
      startedAt: "2026-01-01T00:00:00.000Z",
      command: "kind get clusters",
      durationMs: 12,
      exitCode: 0,
      timedOut: false,
      failed: false,
    });
    transcript.record({
      startedAt: "2026-01-01T00:00:01.000Z",
      command: "docker network rm cc-lan-x",
      durationMs: 40,
      exitCode: 1,
      timedOut: false,
      failed: true,
    });
    const dir = await mkdtemp(join(tmpdir(), "cc-transcript-"));
    try {
      await transcript.writeTo(join(dir, "transcript.json"));
      const parsed = JSON.parse(await readFile(join(dir, "transcript.json"), "utf8"));
      expect(parsed.schemaVersion).toBe(1);
      expect(parsed.entries.map((e: { command: string }) => e.command)).toEqual([
        "kind get clusters",
        "docker network rm cc-lan-x",
      ]);
      expect(parsed.entries[1].failed).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("hands out copies: later mutation of a recorded object does not change it", () => {
    const transcript = new Transcript();
    const entry = {
      startedAt: "t",
      command: "a",
      durationMs: 1,
      exitCode: 0,
      timedOut: false,
      failed: false,
    };
    transcript.record(entry);
    entry.command = "changed";
    expect(transcript.toJSON().entries[0]?.command).toBe("a");
  });
});
