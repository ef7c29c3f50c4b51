// The internal protocol between the API server double and the kubelet double for exec (contract
// 4 of rehearsal/README.md): after an HTTP upgrade to `cc-stream`, both sides send frames of
// [channel: 1 byte][length: 4 bytes big-endian][payload]. Channels follow the Kubernetes
// remotecommand numbering: 0 stdin, 1 stdout, 2 stderr, 3 the end (JSON ExecEnd); 255 closes stdin.

import type { Duplex } from "node:stream";

export const UPGRADE_PROTOCOL = "cc-stream";
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, end: 3, closeStdin: 255 } as const;

export type ExecEnd = { exitCode: number } | { failure: { message: string; reason?: string } };

export function frame(channel: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(5);
  header[0] = channel;
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** Calls onFrame for every complete frame read from the socket. */
export function readFrames(socket: Duplex, onFrame: (channel: number, payload: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending.length < 5 + length) break;
      const channel = pending[0] ?? 0;
      const payload = pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
      onFrame(channel, payload);
    }
  });
}
