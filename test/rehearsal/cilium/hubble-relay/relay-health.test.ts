// hubble-relay's health service, asked as the kubelet's gRPC probe asks it (the chart's probes on
// :4222): NOT_SERVING until the peer service is connected with an available peer, then SERVING.

import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import {
  RelayHealth,
  type RelayPoolStatus,
  relayServingStatus,
} from "../../../../rehearsal/cilium/hubble-relay/relay-health.ts";
import { grpcProbe } from "../../../../rehearsal/node/runtime/grpc-probe.ts";

let server: grpc.Server | undefined;
let health: RelayHealth | undefined;

afterEach(() => {
  health?.stop();
  server?.forceShutdown();
});

async function serve(status: () => RelayPoolStatus, intervalMs: number): Promise<number> {
  health = new RelayHealth(status);
  health.start(intervalMs);
  server = new grpc.Server();
  health.register(server);
  return new Promise((resolve, reject) =>
    server!.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
}

describe("hubble-relay health (pkg/hubble/relay/server/health.go)", () => {
  it("is SERVING only with the peer service connected and a peer available", () => {
    expect(relayServingStatus({ peerServiceConnected: true, availablePeers: 2 })).toBe("SERVING");
    expect(relayServingStatus({ peerServiceConnected: true, availablePeers: 0 })).toBe("NOT_SERVING");
    expect(relayServingStatus({ peerServiceConnected: false, availablePeers: 2 })).toBe("NOT_SERVING");
  });

  it("answers the probe with the status of its last check, and re-checks on its interval", async () => {
    let pool: RelayPoolStatus = { peerServiceConnected: false, availablePeers: 0 };
    const port = await serve(() => pool, 50);
    expect(await grpcProbe("127.0.0.1", port, "", 2000)).toEqual({
      ok: false,
      message: 'service unhealthy (responded with "NOT_SERVING")',
    });
    pool = { peerServiceConnected: true, availablePeers: 1 };
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await grpcProbe("127.0.0.1", port, "", 2000)).toEqual({ ok: true, message: "" });
    expect(await grpcProbe("127.0.0.1", port, "hubble.observer.Observer", 2000)).toEqual({
      ok: true,
      message: "",
    });
  });

  it("does not know other services (grpc-go's health server: NOT_FOUND)", async () => {
    const port = await serve(() => ({ peerServiceConnected: true, availablePeers: 1 }), 50);
    const result = await grpcProbe("127.0.0.1", port, "something.Else", 2000);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/unknown service/);
  });
});
