// The kubelet's gRPC probe (kubernetes/kubernetes pkg/probe/grpc/grpc.go): the standard health
// service grpc.health.v1.Health/Check on the pod's port with the probe's `service` name; SERVING
// is success, any other status "service unhealthy (responded with "<STATUS>")", a connection that
// does not come up in time `failed to connect service "<addr>" within <timeout>`. The messages are
// encoded by hand (HealthCheckRequest{service=1}, HealthCheckResponse{status=1}): two fields do not
// need a proto loader.

import { credentials, makeGenericClientConstructor } from "@grpc/grpc-js";

const STATUSES = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

function encodeRequest(service: string): Buffer {
  const name = Buffer.from(service, "utf8");
  return name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
}

function decodeStatus(bytes: Buffer): number {
  // field 1, varint: 0x08 <status>
  for (let i = 0; i + 1 < bytes.length; i += 1) if (bytes[i] === 0x08) return bytes[i + 1] ?? 0;
  return 0;
}

const HealthClient = makeGenericClientConstructor(
  {
    Check: {
      path: "/grpc.health.v1.Health/Check",
      requestStream: false,
      responseStream: false,
      requestSerialize: (service: string) => encodeRequest(service),
      requestDeserialize: (bytes: Buffer) => bytes.toString(),
      responseSerialize: (status: number) => Buffer.from([0x08, status]),
      responseDeserialize: (bytes: Buffer) => decodeStatus(bytes),
    },
  },
  "Health",
);

export function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  const address = `${host}:${port}`;
  const client = new HealthClient(address, credentials.createInsecure());
  const deadline = new Date(Date.now() + timeoutMs);
  return new Promise((resolve) => {
    client.waitForReady(deadline, (connectError?: Error) => {
      if (connectError) {
        client.close();
        resolve({ ok: false, message: `failed to connect service "${address}" within ${timeoutMs / 1000}s: context deadline exceeded` });
        return;
      }
      (client as unknown as { Check: (req: string, opts: object, cb: (e: Error | null, s?: number) => void) => void }).Check(
        service,
        { deadline },
        (error, status) => {
          client.close();
          if (error) resolve({ ok: false, message: `health rpc did not complete within ${timeoutMs / 1000}s: ${error.message}` });
          else if (status === 1) resolve({ ok: true, message: "" });
          else resolve({ ok: false, message: `service unhealthy (responded with "${STATUSES[status ?? 0] ?? status}")` });
        },
      );
    });
  });
}
