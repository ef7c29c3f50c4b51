// What a run is doing, as events: phases and their sub-steps starting and ending, named waits and
// what they last saw, suite cases, and the progress an external tool prints (cilium-cli's
// `[i/n] test`). Producers emit into one process-wide channel without knowing who listens (the
// console, or — inside a vitest worker — the forwarder to the parent process); with no listener an
// event costs a function call.

export type PhaseStatus = "ok" | "failed" | "skipped";
export type CaseEndStatus = "passed" | "failed" | "skipped" | "broken";

export type ProgressEvent =
  | { kind: "phase-start"; phase: string; budgetMs?: number; detail?: string }
  | { kind: "phase-end"; phase: string; status: PhaseStatus; durationMs: number; detail?: string }
  | { kind: "wait-start"; wait: string; budgetMs: number; expectation: string }
  | { kind: "wait-seen"; wait: string; seen: string }
  | { kind: "wait-end"; wait: string; ok: boolean; elapsedMs: number }
  | { kind: "suite-start"; suite: string; title: string }
  | { kind: "suite-end"; suite: string }
  | { kind: "case-start"; suite: string; name: string; budgetMs?: number }
  | {
      kind: "case-end";
      suite: string;
      name: string;
      status: CaseEndStatus;
      durationMs: number;
      /** First line of why it failed, or the skip reason. */
      message?: string;
    }
  | { kind: "tool-test"; tool: string; index: number; total: number; test: string; skipped?: string }
  | { kind: "tool-failure"; tool: string; line: string }
  | { kind: "note"; text: string }
  /** Shown with --verbose only: a command line, a tool's own output. */
  | { kind: "detail"; line: string };

export type ProgressListener = (event: ProgressEvent) => void;

const listeners = new Set<ProgressListener>();

export function emitProgress(event: ProgressEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // Showing progress must never break the work it describes.
    }
  }
}

/** Adds a listener; returns the function that removes it. */
export function onProgress(listener: ProgressListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
