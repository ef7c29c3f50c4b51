// hubble-relay's options (hubble-relay/cmd/serve/serve.go flags, read from
// /etc/hubble-relay/config.yaml — the hubble-relay-config ConfigMap the chart renders — by viper),
// with pkg/hubble/relay/defaults' defaults.

import { parse } from "yaml";
import { parseGoDuration } from "../../../src/go/go-duration.ts";

export interface RelayConfig {
  clusterName: string;
  /** host:port of the peer Service (or unix://… for a local agent). */
  peerService: string;
  /** e.g. ":4245" */
  listenAddress: string;
  /** The gRPC health service's address (":4222"). */
  healthListenAddress: string;
  retryTimeoutMs: number;
  sortBufferLenMax: number;
  sortBufferDrainTimeoutMs: number;
  disableClientTls: boolean;
  clientCertFile: string | undefined;
  clientKeyFile: string | undefined;
  serverCaFiles: string[];
  disableServerTls: boolean;
  serverCertFile: string | undefined;
  serverKeyFile: string | undefined;
}

export const RELAY_CONFIG_PATH = "/etc/hubble-relay/config.yaml";

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return String(value);
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return (text(value) ?? "").split(/[\s,]+/).filter((v) => v !== "");
}

function bool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === "") return fallback;
  return value === true || value === "true";
}

function duration(key: string, value: unknown, fallbackMs: number): number {
  const raw = text(value);
  if (raw === undefined) return fallbackMs;
  const ms = parseGoDuration(raw);
  if (ms === undefined)
    throw new Error(`invalid value ${JSON.stringify(raw)} for --${key}: time: invalid duration`);
  return ms;
}

export function parseRelayConfig(yamlText: string): RelayConfig {
  const raw = (parse(yamlText) ?? {}) as Record<string, unknown>;
  return {
    clusterName: text(raw["cluster-name"]) ?? "default",
    peerService: text(raw["peer-service"]) ?? "unix:///var/run/cilium/hubble.sock",
    listenAddress: text(raw["listen-address"]) ?? ":4245",
    healthListenAddress: text(raw["health-listen-address"]) ?? ":4222",
    retryTimeoutMs: duration("retry-timeout", raw["retry-timeout"], 30_000),
    sortBufferLenMax: Number(text(raw["sort-buffer-len-max"]) ?? 100),
    sortBufferDrainTimeoutMs: duration("sort-buffer-drain-timeout", raw["sort-buffer-drain-timeout"], 1_000),
    disableClientTls: bool(raw["disable-client-tls"], false),
    clientCertFile: text(raw["tls-hubble-client-cert-file"] ?? raw["tls-client-cert-file"]),
    clientKeyFile: text(raw["tls-hubble-client-key-file"] ?? raw["tls-client-key-file"]),
    serverCaFiles: list(raw["tls-hubble-server-ca-files"]),
    disableServerTls: bool(raw["disable-server-tls"], false),
    serverCertFile: text(raw["tls-relay-server-cert-file"] ?? raw["tls-server-cert-file"]),
    serverKeyFile: text(raw["tls-relay-server-key-file"] ?? raw["tls-server-key-file"]),
  };
}

/** "host:port" → parts; a trailing dot on the host (absolute DNS name) is kept. */
export function splitHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  if (colon < 0) throw new Error(`address ${address} has no port`);
  return { host: address.slice(0, colon).replace(/^\[|\]$/g, ""), port: Number(address.slice(colon + 1)) };
}
