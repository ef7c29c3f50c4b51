// hubble-relay's gRPC health service (cilium pkg/hubble/relay/server/health.go): grpc-go's
// health.Server with the statuses of "" and "hubble.observer.Observer", NOT_SERVING until the
// first check, then SERVING while the peer service is connected and at least one peer is
// available, re-checked every 5 s (relay defaults.HealthCheckInterval). It is registered on the
// main server and on health-listen-address (:4222, defaults.HealthListenAddress), which the
// chart's probes ask (templates/hubble-relay/deployment.yaml: grpc port 4222). A service it does
// not know is NOT_FOUND "unknown service", as grpc-go's health server answers.

import * as grpc from "@grpc/grpc-js";
import { HEALTH_SERVICE, type HealthCheckRequest, type ServingStatus } from "../../grpc-health.ts";

export const HEALTH_CHECK_INTERVAL_MS = 5_000;
export const OBSERVER_SERVICE_NAME = "hubble.observer.Observer";

export interface RelayPoolStatus {
  peerServiceConnected: boolean;
  availablePeers: number;
}

export function relayServingStatus(status: RelayPoolStatus): ServingStatus {
  return status.peerServiceConnected && status.availablePeers > 0 ? "SERVING" : "NOT_SERVING";
}

export class RelayHealth {
  private current: ServingStatus = "NOT_SERVING";
  private timer: NodeJS.Timeout | undefined;
  private readonly status: () => RelayPoolStatus;

  constructor(status: () => RelayPoolStatus) {
    this.status = status;
  }

  start(intervalMs = HEALTH_CHECK_INTERVAL_MS): void {
    const check = () => {
      this.current = relayServingStatus(this.status());
    };
    check();
    this.timer = setInterval(check, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Registers grpc.health.v1.Health on a server. */
  register(server: grpc.Server): void {
    server.addService(HEALTH_SERVICE, {
      Check: (
        call: grpc.ServerUnaryCall<HealthCheckRequest, ServingStatus>,
        callback: grpc.sendUnaryData<ServingStatus>,
      ) => {
        const { service } = call.request;
        if (service !== "" && service !== OBSERVER_SERVICE_NAME) {
          callback({ code: grpc.status.NOT_FOUND, details: "unknown service" });
          return;
        }
        callback(null, this.current);
      },
    });
  }
}
