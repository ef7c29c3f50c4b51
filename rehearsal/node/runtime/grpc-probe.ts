// The kubelet's gRPC probe (kubernetes/kubernetes pkg/probe/grpc/grpc.go): the standard health
// service grpc.health.v1.Health/Check on the pod's port with the probe's `service` name; SERVING
// is success, any other status "service unhealthy (responded with "<STATUS>")", a connection that
// does not come up in time `failed to connect service "<addr>" within <timeout>`.

import { credentials, makeGenericClientConstructor } from "@grpc/grpc-js";
import { HEALTH_SERVICE, type ServingStatus } from "../../grpc-health.ts";

const HealthClient = makeGenericClientConstructor(HEALTH_SERVICE, "Health");

export function grpcProbe(
  host: string,
  port: number,
  service: string,
  timeoutMs: number,
): Promise<{ ok: boolean; message: string }> {
  const address = `${host}:${port}`;
  const client = new HealthClient(address, credentials.createInsecure());
  const deadline = new Date(Date.now() + timeoutMs);
  return new Promise((resolve) => {
    client.waitForReady(deadline, (connectError?: Error) => {
      if (connectError) {
        client.close();
        resolve({
          ok: false,
          message: `failed to connect service "${address}" within ${timeoutMs / 1000}s: context deadline exceeded`,
        });
        return;
      }
      (
        client as unknown as {
          Check: (req: string, opts: object, cb: (e: Error | null, s?: ServingStatus) => void) => void;
        }
      ).Check(service, { deadline }, (error, status) => {
        client.close();
        if (error)
          resolve({
            ok: false,
            message: `health rpc did not complete within ${timeoutMs / 1000}s: ${error.message}`,
          });
        else if (status === "SERVING") resolve({ ok: true, message: "" });
        else resolve({ ok: false, message: `service unhealthy (responded with "${status ?? "UNKNOWN"}")` });
      });
    });
  });
}
