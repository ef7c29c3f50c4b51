// A watch stream is newline-delimited JSON that arrives in arbitrary chunks: a chunk may end in
// the middle of a line, or in the middle of a multi-byte character.

import { StringDecoder } from "node:string_decoder";

export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  /** The complete, non-blank lines this chunk finishes. */
  push(chunk: Buffer | string): string[] {
    const text = this.rest + (typeof chunk === "string" ? chunk : this.decoder.write(chunk));
    const parts = text.split("\n");
    this.rest = parts.pop() ?? "";
    return parts.filter((line) => line.trim() !== "");
  }

  /** What is left once the stream ended (a last line without a newline). */
  end(): string[] {
    const last = this.rest + this.decoder.end();
    this.rest = "";
    return last.trim() === "" ? [] : [last];
  }
}
