import { createServer, type Server } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { kubeletProxy } from "../../../../rehearsal/node/control-plane/kubelet-proxy.ts";

// A kubelet that answers the upgrade and writes the pod's first bytes in the same TCP write, as
// a gRPC server's SETTINGS frame can follow the 101 on a port-forward.
let server: Server | undefined;
afterEach(() => server?.close());

async function kubeletWritingBehind101(firstBytes: string): Promise<number> {
  server = createServer((socket) => {
    socket.once("data", () =>
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nupgrade: cc-stream\r\nconnection: Upgrade\r\n\r\n${firstBytes}`,
      ),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server!.address() as { port: number }).port;
}

function read(stream: Duplex, length: number): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    stream.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.length >= length) resolve(text);
    });
  });
}

describe("kubeletProxy port-forward", () => {
  it("keeps the bytes the kubelet wrote right behind its 101 (they come as the upgrade's head)", async () => {
    const port = await kubeletWritingBehind101("PRI-SETTINGS");
    const proxy = kubeletProxy({
      token: "t",
      port,
      node: () => ({ status: { addresses: [{ type: "InternalIP", address: "127.0.0.1" }] } }),
    });
    const target = { namespace: "kube-system", pod: "hubble-relay", object: { spec: { nodeName: "n" } } };
    const stream = await proxy.portForward(target as never, 4245, new AbortController().signal);
    expect(await read(stream, "PRI-SETTINGS".length)).toBe("PRI-SETTINGS");
    stream.destroy();
  });
});
