// Output whose reader has gone (a pipe into `head`, a CI wrapper killed before us, a terminal
// closed): writes fail with EPIPE, which Node raises as an 'error' event on process.stdout/stderr
// and, unhandled, crashes the process with a stack trace — in the middle of an interrupted run's
// cleanup, leaving its cluster behind. Such a stream is given up on; the command goes on (its
// report is on disk) and exits with its own code.

import type { Writable } from "node:stream";

const GONE = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ECONNRESET"]);

export function tolerateClosedOutput(stream: Writable): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (GONE.has(error.code ?? "")) return;
    // Anything else is a real fault: raise it as the unhandled error it would have been.
    process.nextTick(() => {
      throw error;
    });
  });
}
