// Diagnostics of a failed provisioning, collected BEFORE cleanup. Each collector runs on its
// own: one that fails (no cluster yet, API down) is recorded and never stops the others.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface DiagnosticCollector {
  name: string;
  /** Returns text to store in `<name>.txt`, or undefined when it wrote its own files. */
  collect(directory: string): Promise<string | undefined>;
}

export interface DiagnosticResult {
  collector: string;
  file?: string;
  error?: string;
}

export async function collectDiagnostics(
  directory: string,
  collectors: readonly DiagnosticCollector[],
): Promise<DiagnosticResult[]> {
  await mkdir(directory, { recursive: true });
  const results: DiagnosticResult[] = [];
  for (const collector of collectors) {
    try {
      const text = await collector.collect(directory);
      if (text === undefined) {
        results.push({ collector: collector.name, file: join(directory, collector.name) });
      } else {
        const file = join(directory, `${collector.name}.txt`);
        await writeFile(file, text.endsWith("\n") ? text : `${text}\n`);
        results.push({ collector: collector.name, file });
      }
    } catch (error) {
      results.push({
        collector: collector.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}
