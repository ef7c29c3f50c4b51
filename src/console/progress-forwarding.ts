// Progress from a vitest worker to the process that runs the suites: the worker's events travel
// as console lines with a marker (vitest hands every console line of a worker to the parent's
// reporters, in order, as it happens), and the parent's reporter turns them back into events.

import { emitProgress, onProgress, type ProgressEvent } from "./progress-events.ts";

export const PROGRESS_MARKER = "\u241eCC-PROGRESS ";
/** Set by the suite runner in the workers' env: forward progress to the parent. */
export const PROGRESS_ENV = "CILIUM_CONFORMANCE_PROGRESS";

let forwarding = false;

/** In a suite worker: every progress event becomes a marked console line (once per process). */
export function forwardProgressFromWorker(env: Record<string, string | undefined> = process.env): void {
  if (forwarding || env[PROGRESS_ENV] !== "1") return;
  forwarding = true;
  onProgress((event) => {
    // console.log, not stdout.write: vitest intercepts console calls and sends them to the parent.
    console.log(`${PROGRESS_MARKER}${JSON.stringify(event)}`);
  });
}

/** In the parent: a console line from a worker; true when it was a progress event (now re-emitted). */
export function receiveForwardedProgress(content: string): boolean {
  const at = content.indexOf(PROGRESS_MARKER);
  if (at < 0) return false;
  for (const line of content.slice(at).split("\n")) {
    if (!line.startsWith(PROGRESS_MARKER)) continue;
    try {
      emitProgress(JSON.parse(line.slice(PROGRESS_MARKER.length)) as ProgressEvent);
    } catch {
      // A mangled line is only a lost progress line.
    }
  }
  return true;
}
