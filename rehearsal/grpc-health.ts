// gRPC's standard health service, grpc.health.v1.Health/Check (grpc/grpc-proto
// grpc/health/v1/health.proto), as both sides of the rehearsal use it: the kubelet's gRPC probe
// (client) and hubble-relay's health server (server). The two messages have one field each
// (HealthCheckRequest{string service = 1}, HealthCheckResponse{ServingStatus status = 1}), so
// they are encoded by hand instead of through a proto loader.

import type { ServiceDefinition } from "@grpc/grpc-js";

export const SERVING_STATUSES = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;
export type ServingStatus = (typeof SERVING_STATUSES)[number];

function encodeService(service: string): Buffer {
  const name = Buffer.from(service, "utf8");
  return name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
}

/** The request as the server sees it (an object: grpc-js takes a falsy message for none). */
export interface HealthCheckRequest {
  service: string;
}

function decodeService(bytes: Buffer): HealthCheckRequest {
  // field 1, length-delimited (names here are shorter than 128 bytes: one length byte)
  return { service: bytes[0] === 0x0a ? bytes.subarray(2, 2 + (bytes[1] ?? 0)).toString("utf8") : "" };
}

function encodeStatus(status: ServingStatus): Buffer {
  const value = SERVING_STATUSES.indexOf(status);
  return value === 0 ? Buffer.alloc(0) : Buffer.from([0x08, value]);
}

function decodeStatus(bytes: Buffer): ServingStatus {
  // field 1, varint: 0x08 <status>
  return bytes[0] === 0x08 ? (SERVING_STATUSES[bytes[1] ?? 0] ?? "UNKNOWN") : "UNKNOWN";
}

export const HEALTH_SERVICE: ServiceDefinition = {
  Check: {
    path: "/grpc.health.v1.Health/Check",
    requestStream: false,
    responseStream: false,
    requestSerialize: (service: string) => encodeService(service),
    requestDeserialize: (bytes: Buffer) => decodeService(bytes),
    responseSerialize: (status: ServingStatus) => encodeStatus(status),
    responseDeserialize: (bytes: Buffer) => decodeStatus(bytes),
  },
};
