// Diagnostics on failure: named collectors run concurrently, each under its own timeout; one that
// throws or hangs never stops the others. Each result (or its error) becomes an attachment file
// under reports/<run-id>/diagnostics/, listed in diagnostics/index.json. Suites and `up` plug
// their collectors in (status and conditions, events, agent logs, Hubble drops, sysdump).

import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { AttachmentRef } from "./report-model.ts";

export interface DiagnosticCollector {
  /** Unique, human: "events kube-system", "agent log cc-worker". Also the file name stem. */
  name: string;
  /** Overrides the run's default timeout. */
  timeoutMs?: number;
  /** Returns text, bytes or a JSON-able value. Should stop work when `signal` aborts. */
  collect(signal: AbortSignal): Promise<string | Uint8Array | object>;
}

export type DiagnosticStatus = "ok" | "failed" | "timed-out";

export interface DiagnosticResult {
  name: string;
  status: DiagnosticStatus;
  durationMs: number;
  attachment: AttachmentRef;
  error?: string;
}

export interface CollectDiagnosticsInput {
  /** reports/<run-id>/ — attachments are written under its diagnostics/ folder. */
  reportDir: string;
  collectors: readonly DiagnosticCollector[];
  defaultTimeoutMs: number;
}

export async function collectDiagnostics(input: CollectDiagnosticsInput): Promise<DiagnosticResult[]> {
  const dir = join(input.reportDir, "diagnostics");
  await mkdir(dir, { recursive: true });
  const stems = uniqueStems(input.collectors.map((collector) => collector.name));
  const results = await Promise.all(
    input.collectors.map((collector, index) =>
      runOne(
        collector,
        collector.timeoutMs ?? input.defaultTimeoutMs,
        join(dir, stems[index] ?? `collector-${index}`),
        input.reportDir,
      ),
    ),
  );
  await writeFile(join(dir, "index.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

async function runOne(
  collector: DiagnosticCollector,
  timeoutMs: number,
  stemPath: string,
  reportDir: string,
): Promise<DiagnosticResult> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      reject(new CollectorTimeout(timeoutMs));
    }, timeoutMs);
  });
  try {
    // A collector that throws synchronously is still just a failed collector.
    const value = await Promise.race([
      Promise.resolve().then(() => collector.collect(controller.signal)),
      timeout,
    ]);
    const { content, extension, contentType } = serialise(value);
    const path = `${stemPath}${extension}`;
    await writeFile(path, content);
    return {
      name: collector.name,
      status: "ok",
      durationMs: elapsed(started),
      attachment: { name: collector.name, path: relative(reportDir, path), contentType },
    };
  } catch (error) {
    const timedOut = error instanceof CollectorTimeout;
    const message = error instanceof Error ? error.message : String(error);
    const path = `${stemPath}.error.txt`;
    await writeFile(path, `collector "${collector.name}" ${timedOut ? "timed out" : "failed"}: ${message}\n`);
    return {
      name: collector.name,
      status: timedOut ? "timed-out" : "failed",
      durationMs: elapsed(started),
      attachment: {
        name: `${collector.name} (error)`,
        path: relative(reportDir, path),
        contentType: "text/plain",
      },
      error: message,
    };
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort(new Error("collector finished"));
  }
}

class CollectorTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no result within ${timeoutMs} ms`);
  }
}

function serialise(value: string | Uint8Array | object): {
  content: string | Uint8Array;
  extension: string;
  contentType: string;
} {
  if (typeof value === "string") return { content: value, extension: ".txt", contentType: "text/plain" };
  if (value instanceof Uint8Array)
    return { content: value, extension: ".bin", contentType: "application/octet-stream" };
  return {
    content: `${JSON.stringify(value, null, 2)}\n`,
    extension: ".json",
    contentType: "application/json",
  };
}

/** File-safe, unique stems: "agent log cc-worker" → "agent-log-cc-worker", duplicates get -2, -3. */
export function uniqueStems(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const stem =
      name
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
        .replace(/^-+|-+$/g, "") || "collector";
    const count = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
