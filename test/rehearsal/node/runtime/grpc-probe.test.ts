// The gRPC probe against a real grpc-js server implementing grpc.health.v1 (as hubble-relay does).

import { Server, ServerCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcProbe } from "../../../../rehearsal/node/runtime/grpc-probe.ts";

let server: Server;
let port: number;
let status = 1;
const service: ServiceDefinition = {
  Check: {
    path: "/grpc.health.v1.Health/Check",
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: Buffer) => v,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (s: number) => Buffer.from([0x08, s]),
    responseDeserialize: (b: Buffer) => b,
  },
};

beforeAll(async () => {
  server = new Server();
  server.addService(service, {
    Check: (_call: unknown, callback: (e: null, s: number) => void) => callback(null, status),
  });
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
});
afterAll(() => server.forceShutdown());

describe("grpcProbe (kubelet pkg/probe/grpc)", () => {
  it("succeeds on SERVING and names any other status", async () => {
    status = 1;
    expect(await grpcProbe("127.0.0.1", port, "", 2000)).toEqual({ ok: true, message: "" });
    status = 2;
    expect(await grpcProbe("127.0.0.1", port, "", 2000)).toEqual({
      ok: false,
      message: 'service unhealthy (responded with "NOT_SERVING")',
    });
  });

  it("fails in the kubelet's words when nothing listens", async () => {
    const result = await grpcProbe("127.0.0.1", 1, "", 300);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      'failed to connect service "127.0.0.1:1" within 0.3s: context deadline exceeded',
    );
  });
});
