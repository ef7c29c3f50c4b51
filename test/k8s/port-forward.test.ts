import { createServer, type Server } from "node:http";
import { connect, createServer as createTcpServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPortForward } from "../../src/k8s/port-forward.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";
import { runningPod } from "./support/pods.ts";

describe("openPortForward (local listener → API server → pod port)", () => {
  let cluster: FakeCluster;
  let backend: Server;
  let backendPort: number;
  beforeEach(async () => {
    cluster = await startFakeCluster();
    cluster.api.put(runningPod({ namespace: "kube-system", name: "hubble-ui-1", containers: ["frontend"] }));
    // Stands in for the pod's container: only reachable through the fake API server.
    backend = createServer((request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<title>Hubble UI</title> ${request.url}`);
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    backendPort = (backend.address() as { port: number }).port;
    cluster.api.forwardPort("kube-system", "hubble-ui-1", 8081, backendPort);
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => backend.close(() => resolve()));
    await cluster.close();
  });

  it("carries an HTTP exchange to the pod's port", async () => {
    const forward = await openPortForward(cluster.client, {
      namespace: "kube-system",
      pod: "hubble-ui-1",
      podPort: 8081,
    });
    try {
      expect(forward.localPort).toBeGreaterThan(0);
      expect(forward.localPort).not.toBe(backendPort);
      const response = await fetch(`${forward.url}/`, { headers: { connection: "close" } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("<title>Hubble UI</title> /");
      expect(cluster.api.requestsMatching("UPGRADE", "/pods/hubble-ui-1/portforward")[0]?.query).toEqual({
        ports: "8081",
      });
    } finally {
      await forward.close();
    }
  });

  it("collects the error the server reports when nothing listens on the pod port", async () => {
    const forward = await openPortForward(cluster.client, {
      namespace: "kube-system",
      pod: "hubble-ui-1",
      podPort: 9999,
    });
    try {
      await expect(fetch(`${forward.url}/`)).rejects.toThrow();
      expect(forward.errors.join("")).toContain("error forwarding port 9999");
    } finally {
      await forward.close();
    }
  });

  it("ends the local connection when the pod side closes (client-node alone leaves it open)", async () => {
    // The "pod" answers once and closes its end, as a server that hangs up or a dying pod does.
    const hangUp = createTcpServer((socket) => socket.end("bye\n"));
    await new Promise<void>((resolve) => hangUp.listen(0, "127.0.0.1", resolve));
    cluster.api.forwardPort("kube-system", "hubble-ui-1", 4245, (hangUp.address() as { port: number }).port);
    const forward = await openPortForward(cluster.client, {
      namespace: "kube-system",
      pod: "hubble-ui-1",
      podPort: 4245,
    });
    try {
      const local = connect(forward.port, "127.0.0.1");
      let received = "";
      local.on("data", (chunk: Buffer) => {
        received += chunk.toString();
      });
      const ended = await new Promise<string>((resolve) => {
        local.once("close", () => resolve("closed"));
        setTimeout(() => resolve("still open after 3s"), 3000);
      });
      local.destroy();
      expect(received).toBe("bye\n");
      expect(ended).toBe("closed");
    } finally {
      await forward.close();
      await new Promise<void>((resolve) => hangUp.close(() => resolve()));
    }
  });

  it("rejects impossible ports before listening", async () => {
    await expect(
      openPortForward(cluster.client, { namespace: "kube-system", pod: "hubble-ui-1", podPort: 70000 }),
    ).rejects.toMatchObject({ code: "CC_K8S_INVALID" });
    await expect(
      openPortForward(cluster.client, { namespace: "kube-system", pod: "hubble-ui-1", podPort: 0 }),
    ).rejects.toMatchObject({ code: "CC_K8S_INVALID" });
  });
});
