import { createHash, randomBytes } from "node:crypto";
import { connect as tlsConnect } from "node:tls";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runningPod } from "../../k8s/support/pods.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// Exec, port-forward and logs (KUBE-API-FACTS.md): the API server's checks before any stream,
// the WebSocket subprotocols it picks, the port prefix frames, the log options.

let api: FakeKubeApi;
let admin: AdminClient;
beforeEach(async () => {
  api = await FakeKubeApi.start({ namespaces: ["demo"] });
  admin = adminClient(api);
  api.put(runningPod({ namespace: "demo", name: "two", containers: ["agent", "sidecar"] }));
});
afterEach(() => api.close());

/** A raw WebSocket handshake; resolves the status line and the protocol the server chose. */
function handshake(
  path: string,
  protocols: string[],
): Promise<{ status: string; protocol: string | undefined; frames: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: "127.0.0.1",
      port: Number(new URL(api.url).port),
      ca: api.pki.ca.cert,
      cert: api.pki.admin.cert,
      key: api.pki.admin.key,
      servername: "127.0.0.1",
    });
    const key = randomBytes(16).toString("base64");
    let received = Buffer.alloc(0);
    socket.on("secureConnect", () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${protocols.length ? `Sec-WebSocket-Protocol: ${protocols.join(", ")}\r\n` : ""}\r\n`,
      );
    });
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
    });
    const settle = () => {
      const text = received.toString("latin1");
      const headerEnd = text.indexOf("\r\n\r\n");
      const head = text.slice(0, headerEnd);
      const accept = /Sec-WebSocket-Accept: (\S+)/i.exec(head)?.[1];
      if (accept) {
        expect(accept).toBe(
          createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64"),
        );
      }
      resolve({
        status: head.split("\r\n")[0] ?? "",
        protocol: /Sec-WebSocket-Protocol: (\S+)/i.exec(head)?.[1],
        frames: received.subarray(headerEnd + 4),
      });
    };
    socket.on("end", settle);
    socket.on("close", settle);
    socket.on("error", reject);
    setTimeout(() => socket.end(), 500);
  });
}

/** Server WebSocket frames (unmasked) as their payloads. */
function frames(data: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  let offset = 0;
  while (offset + 2 <= data.length) {
    let length = (data[offset + 1] ?? 0) & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = data.readUInt16BE(offset + 2);
      start = offset + 4;
    }
    payloads.push(data.subarray(start, start + length));
    offset = start + length;
  }
  return payloads;
}

describe("exec", () => {
  it("refuses before the upgrade: no container named of several (400, the names), an unknown one", async () => {
    const none = await handshake("/api/v1/namespaces/demo/pods/two/exec?command=true&stdout=true", [
      "v5.channel.k8s.io",
    ]);
    expect(none.status).toBe("HTTP/1.1 400 Bad Request");
    expect(none.frames.toString()).toContain(
      "a container name must be specified for pod two, choose one of: [agent sidecar]",
    );
    const unknown = await handshake(
      "/api/v1/namespaces/demo/pods/two/exec?command=true&stdout=true&container=nope",
      ["v5.channel.k8s.io"],
    );
    expect(unknown.frames.toString()).toContain("container nope is not valid for pod two");
    const noStream = await handshake("/api/v1/namespaces/demo/pods/two/exec?command=true&container=agent", [
      "v5.channel.k8s.io",
    ]);
    expect(noStream.frames.toString()).toContain("you must specify at least 1 of stdin, stdout, stderr");
  });

  it("picks v5.channel.k8s.io when offered first, as kubelet's remotecommand does", async () => {
    api.onExec(() => ({ stdout: "ok" }));
    const opened = await handshake(
      "/api/v1/namespaces/demo/pods/two/exec?command=true&stdout=true&container=agent",
      ["v5.channel.k8s.io", "v4.channel.k8s.io"],
    );
    expect(opened.status).toBe("HTTP/1.1 101 Switching Protocols");
    expect(opened.protocol).toBe("v5.channel.k8s.io");
  });

  it("reports a failure that is not an exit code as InternalError (500) on channel 3", async () => {
    api.onExec(() => ({ failure: { message: 'exec: "nope": executable file not found in $PATH' } }));
    const opened = await handshake(
      "/api/v1/namespaces/demo/pods/two/exec?command=nope&stdout=true&container=agent",
      ["v4.channel.k8s.io"],
    );
    const [first] = frames(opened.frames);
    expect(first?.[0]).toBe(3);
    const status = JSON.parse(first?.subarray(1).toString() ?? "{}") as Record<string, unknown>;
    expect(status).toMatchObject({
      status: "Failure",
      reason: "InternalError",
      code: 500,
      message:
        'Internal error occurred: error executing command in container: exec: "nope": executable file not found in $PATH',
    });
  });
});

describe("port-forward", () => {
  it("never speaks v5, requires ports, and opens both channels of a port with its number (2 bytes LE)", async () => {
    const v5only = await handshake("/api/v1/namespaces/demo/pods/two/portforward?ports=8080", [
      "v5.channel.k8s.io",
    ]);
    expect(v5only.status).toBe("HTTP/1.1 400 Bad Request");
    const noPorts = await handshake("/api/v1/namespaces/demo/pods/two/portforward", ["v4.channel.k8s.io"]);
    expect(noPorts.frames.toString()).toContain('query parameter \\"port\\" is required');
    const opened = await handshake("/api/v1/namespaces/demo/pods/two/portforward?ports=8080", [
      "v5.channel.k8s.io",
      "v4.channel.k8s.io",
    ]);
    expect(opened.protocol).toBe("v4.channel.k8s.io");
    // Frames: [0x82, 3, channel, lo, hi] twice: data channel 0 and error channel 1, each with 8080.
    expect([...opened.frames.subarray(0, 10)]).toEqual([0x82, 3, 0, 0x90, 0x1f, 0x82, 3, 1, 0x90, 0x1f]);
  });
});

describe("logs", () => {
  const logs = (query: string) => admin.get(`/api/v1/namespaces/demo/pods/two/log?${query}`);

  it("refuses an unknown container, a waiting one, and previous without a terminated instance (400)", async () => {
    expect((await logs("container=nope")).json().message).toBe("container nope is not valid for pod two");
    api.mutate({ apiVersion: "v1", kind: "Pod", namespace: "demo", name: "two" }, (pod) => {
      const statuses = (pod.status as { containerStatuses: Record<string, unknown>[] }).containerStatuses;
      statuses[1] = { ...statuses[1], state: { waiting: { reason: "ContainerCreating" } } };
    });
    const waiting = await logs("container=sidecar");
    expect(waiting.status).toBe(400);
    expect(waiting.json().message).toBe(
      'container "sidecar" in pod "two" is waiting to start: ContainerCreating',
    );
    const previous = await logs("container=agent&previous=true");
    expect(previous.json().message).toBe('previous terminated container "agent" in pod "two" not found');
  });

  it("stamps lines RFC3339Nano with timestamps=true, honours sinceTime and limitBytes", async () => {
    api.setPodLog("demo", "two", "agent", [
      { time: new Date("2026-03-02T10:00:00.123Z"), text: "first" },
      { time: new Date("2026-03-02T10:00:05.000Z"), text: "second" },
    ]);
    expect((await logs("container=agent&timestamps=true")).body).toBe(
      "2026-03-02T10:00:00.123000000Z first\n2026-03-02T10:00:05.000000000Z second\n",
    );
    expect((await logs("container=agent&sinceTime=2026-03-02T10:00:01Z")).body).toBe("second\n");
    expect((await logs("container=agent&limitBytes=3")).body).toBe("fir");
  });
});
