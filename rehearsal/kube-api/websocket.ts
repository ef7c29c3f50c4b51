// A minimal WebSocket server side (RFC 6455) on a raw socket: enough for the Kubernetes channel
// protocols (k8s.io/apimachinery pkg/util/httpstream/wsstream): binary frames whose first byte is
// the channel, or the base64 variants (text frames, channel as an ASCII digit, payload base64).
// No extensions, no fragmentation on send; client frames are masked as the RFC requires.

import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface ChannelWebSocket {
  /** The negotiated subprotocol ("" when the client offered none). */
  protocol: string;
  /** Sends one binary message: the channel byte, then the payload. */
  sendChannel(channel: number, payload: Buffer | string): void;
  onMessage(handler: (data: Buffer) => void): void;
  onClose(handler: () => void): void;
  close(): void;
}

/**
 * The subprotocol wsstream picks: the first the client offered that the server supports ("" —
 * no Sec-WebSocket-Protocol at all — only where `supported` lists it); undefined when none fits.
 */
export function negotiateProtocol(
  request: IncomingMessage,
  supported: readonly string[],
): string | undefined {
  const header = request.headers["sec-websocket-protocol"];
  const offered = String(header ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (offered.length === 0) return supported.includes("") ? "" : undefined;
  return offered.find((candidate) => candidate !== "" && supported.includes(candidate));
}

/** Completes the upgrade handshake with `protocol` (from negotiateProtocol). */
export function acceptWebSocket(
  request: IncomingMessage,
  socket: Duplex,
  protocol: string,
): ChannelWebSocket {
  const key = String(request.headers["sec-websocket-key"] ?? "");
  const accept = createHash("sha1")
    .update(key + GUID)
    .digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ""}\r\n`,
  );
  const base64 = protocol.includes("base64.channel.k8s.io");
  const messageHandlers: ((data: Buffer) => void)[] = [];
  const closeHandlers: (() => void)[] = [];
  let closed = false;
  let pending = Buffer.alloc(0);

  const writeFrame = (opcode: number, payload: Buffer) => {
    if (closed || socket.destroyed) return;
    const length = payload.length;
    let header: Buffer;
    if (length < 126) {
      header = Buffer.from([0x80 | opcode, length]);
    } else if (length < 65536) {
      header = Buffer.alloc(4);
      header.writeUInt8(0x80 | opcode, 0);
      header.writeUInt8(126, 1);
      header.writeUInt16BE(length, 2);
    } else {
      header = Buffer.alloc(10);
      header.writeUInt8(0x80 | opcode, 0);
      header.writeUInt8(127, 1);
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    socket.write(Buffer.concat([header, payload]));
  };

  const finish = () => {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers) handler();
  };

  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = (pending[0] ?? 0) & 0x0f;
      const masked = ((pending[1] ?? 0) & 0x80) !== 0;
      let length = (pending[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (pending.length < offset + length) return;
      const payload = Buffer.from(pending.subarray(offset, offset + length));
      if (masked) {
        for (let i = 0; i < payload.length; i += 1) {
          payload[i] = (payload[i] ?? 0) ^ (pending[maskOffset + (i % 4)] ?? 0);
        }
      }
      pending = pending.subarray(offset + length);
      if (opcode === 0x8) {
        writeFrame(0x8, Buffer.alloc(0));
        socket.end();
        finish();
        return;
      }
      if (opcode === 0x9) writeFrame(0xa, payload);
      else if (opcode === 0x1 || opcode === 0x2) {
        const message = base64 ? decodeBase64Frame(payload) : payload;
        for (const handler of messageHandlers) handler(message);
      }
    }
  });
  socket.on("close", finish);
  socket.on("error", finish);

  return {
    protocol,
    sendChannel: (channel, payload) => {
      const body = typeof payload === "string" ? Buffer.from(payload) : payload;
      if (base64) writeFrame(0x1, Buffer.from(String.fromCharCode(48 + channel) + body.toString("base64")));
      else writeFrame(0x2, Buffer.concat([Buffer.from([channel]), body]));
    },
    onMessage: (handler) => messageHandlers.push(handler),
    onClose: (handler) => closeHandlers.push(handler),
    close: () => {
      writeFrame(0x8, Buffer.from([0x03, 0xe8]));
      socket.end();
      finish();
    },
  };
}

/** A base64 channel frame ("1aGVsbG8=") as the binary form (channel byte + payload). */
function decodeBase64Frame(payload: Buffer): Buffer {
  const text = payload.toString("latin1");
  if (text.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([text.charCodeAt(0) - 48]), Buffer.from(text.slice(1), "base64")]);
}
