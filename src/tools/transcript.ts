// The command transcript: every external command of a run, in order, as the report keeps it.
// Only the paste-safe (and redacted) command line is stored — never stdout, stdin or the env,
// which is where kubeconfigs and tokens travel.

import { writeFile } from "node:fs/promises";

export interface TranscriptEntry {
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  /** POSIX-quoted, redacted command line. */
  command: string;
  durationMs: number;
  /** Undefined when the process never started or died by a signal. */
  exitCode: number | undefined;
  timedOut: boolean;
  /** Whether the call counted as a failure (a non-zero exit the caller did not allow). */
  failed: boolean;
}

export interface SerializedTranscript {
  schemaVersion: 1;
  entries: TranscriptEntry[];
}

export class Transcript {
  readonly #entries: TranscriptEntry[] = [];

  record(entry: TranscriptEntry): void {
    this.#entries.push({ ...entry });
  }

  get entries(): readonly TranscriptEntry[] {
    return this.#entries;
  }

  toJSON(): SerializedTranscript {
    return { schemaVersion: 1, entries: this.#entries.map((entry) => ({ ...entry })) };
  }

  async writeTo(path: string): Promise<void> {
    await writeFile(path, `${JSON.stringify(this.toJSON(), null, 2)}\n`);
  }
}
