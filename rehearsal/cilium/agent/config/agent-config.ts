// The agent's options as the real cilium-agent reads them from `--config-dir` (one file per
// key of the cilium-config ConfigMap, install/kubernetes/cilium/templates/cilium-configmap.yaml),
// with the flag defaults of the agent (daemon/cmd/daemon_main.go, pkg/kpr/kpr.go,
// pkg/hubble/..., pkg/option/config.go). Only the options the double acts on are read; a value
// the real agent refuses is refused here with its message.

import { parseGoDuration } from "../../../../src/go/go-duration.ts";

export type IpamMode = "kubernetes" | "cluster-pool" | string;

export interface AgentConfig {
  clusterName: string;
  /** pkg/kpr/kpr.go NewKPRConfig: only "true" or "false" (1.16+). */
  kubeProxyReplacement: boolean;
  /** `devices`: names or `prefix+` wildcards (pkg/datapath/tables/device.go DeviceFilter). */
  devices: string[];
  nodePortRange: { min: number; max: number };
  /** `nodeport-addresses`: CIDRs that limit which device addresses serve NodePorts. */
  nodePortAddresses: string[];
  routingMode: "native" | "tunnel";
  ipv4NativeRoutingCidr: string | undefined;
  enableIpv4Masquerade: boolean;
  enableBpfMasquerade: boolean;
  ipam: IpamMode;
  clusterPoolIpv4Cidr: string[];
  clusterPoolIpv4MaskSize: number;
  l2Announcements: {
    enabled: boolean;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
  };
  hubble: {
    enabled: boolean;
    socketPath: string;
    /** e.g. ":4244"; undefined when the chart did not set it (no TCP listener). */
    listenAddress: string | undefined;
    disableTls: boolean;
    tlsCertFile: string | undefined;
    tlsKeyFile: string | undefined;
    tlsClientCaFiles: string[];
    /** hubble-event-buffer-capacity (pkg/hubble/defaults: 4095). */
    eventBufferCapacity: number;
  };
  /** write-cni-conf-when-ready: where the conflist goes once the agent is ready. */
  writeCniConfWhenReady: string | undefined;
  cniExclusive: boolean;
  cniLogFile: string;
  enableL7Proxy: boolean;
  enableEnvoyConfig: boolean;
  enableGatewayApi: boolean;
  installIptablesRules: boolean;
}

export class AgentConfigError extends Error {
  override readonly name = "AgentConfigError";
}

/** Viper's boolean parsing (strconv.ParseBool): 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
function parseBool(key: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw new AgentConfigError(`invalid value ${JSON.stringify(value)} for --${key}: not a boolean`);
}

function parseDurationOption(key: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined || value === "") return fallbackMs;
  const ms = parseGoDuration(value);
  if (ms === undefined)
    throw new AgentConfigError(`invalid value ${JSON.stringify(value)} for --${key}: time: invalid duration`);
  return ms;
}

function parseInteger(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  if (!/^-?\d+$/.test(value.trim()))
    throw new AgentConfigError(`invalid value ${JSON.stringify(value)} for --${key}`);
  return Number(value);
}

/** Viper splits string-slice options on commas and whitespace. */
function parseList(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).filter((entry) => entry !== "");
}

function parseNodePortRange(value: string | undefined): { min: number; max: number } {
  const [min, max] = parseList(value ?? "30000-32767")
    .join("-")
    .split("-")
    .map(Number);
  if (
    min === undefined ||
    max === undefined ||
    !Number.isInteger(min) ||
    !Number.isInteger(max) ||
    min > max
  ) {
    throw new AgentConfigError(`Unable to parse min/max port for NodePort range: ${value}`);
  }
  return { min, max };
}

export function parseAgentConfig(values: Readonly<Record<string, string>>): AgentConfig {
  const kpr = values["kube-proxy-replacement"] ?? "false";
  if (kpr !== "true" && kpr !== "false") {
    // pkg/kpr/kpr.go (1.16+): "strict", "partial" and "disabled" were removed.
    throw new AgentConfigError("invalid value for kube-proxy-replacement");
  }
  const routing = values["routing-mode"] ?? "tunnel";
  if (routing !== "native" && routing !== "tunnel") {
    throw new AgentConfigError(`Invalid value for --routing-mode: ${routing}`);
  }
  return {
    clusterName: values["cluster-name"] || "default",
    kubeProxyReplacement: kpr === "true",
    devices: parseList(values.devices),
    nodePortRange: parseNodePortRange(values["node-port-range"]),
    nodePortAddresses: parseList(values["nodeport-addresses"]),
    routingMode: routing,
    ipv4NativeRoutingCidr: values["ipv4-native-routing-cidr"] || undefined,
    enableIpv4Masquerade: parseBool("enable-ipv4-masquerade", values["enable-ipv4-masquerade"], true),
    enableBpfMasquerade: parseBool("enable-bpf-masquerade", values["enable-bpf-masquerade"], false),
    ipam: values.ipam || "cluster-pool",
    clusterPoolIpv4Cidr: parseList(values["cluster-pool-ipv4-cidr"]),
    clusterPoolIpv4MaskSize: parseInteger(
      "cluster-pool-ipv4-mask-size",
      values["cluster-pool-ipv4-mask-size"],
      24,
    ),
    l2Announcements: {
      enabled: parseBool("enable-l2-announcements", values["enable-l2-announcements"], false),
      leaseDurationMs: parseDurationOption(
        "l2-announcements-lease-duration",
        values["l2-announcements-lease-duration"],
        15_000,
      ),
      renewDeadlineMs: parseDurationOption(
        "l2-announcements-renew-deadline",
        values["l2-announcements-renew-deadline"],
        5_000,
      ),
      retryPeriodMs: parseDurationOption(
        "l2-announcements-retry-period",
        values["l2-announcements-retry-period"],
        2_000,
      ),
    },
    hubble: {
      enabled: parseBool("enable-hubble", values["enable-hubble"], false),
      socketPath: values["hubble-socket-path"] || "/var/run/cilium/hubble.sock",
      listenAddress: values["hubble-listen-address"] || undefined,
      disableTls: parseBool("hubble-disable-tls", values["hubble-disable-tls"], false),
      tlsCertFile: values["hubble-tls-cert-file"] || undefined,
      tlsKeyFile: values["hubble-tls-key-file"] || undefined,
      tlsClientCaFiles: parseList(values["hubble-tls-client-ca-files"]),
      eventBufferCapacity: parseInteger(
        "hubble-event-buffer-capacity",
        values["hubble-event-buffer-capacity"],
        4095,
      ),
    },
    writeCniConfWhenReady: values["write-cni-conf-when-ready"] || undefined,
    cniExclusive: parseBool("cni-exclusive", values["cni-exclusive"], false),
    cniLogFile: values["cni-log-file"] || "/var/run/cilium/cilium-cni.log",
    enableL7Proxy: parseBool("enable-l7-proxy", values["enable-l7-proxy"], true),
    enableEnvoyConfig: parseBool("enable-envoy-config", values["enable-envoy-config"], false),
    enableGatewayApi: parseBool("enable-gateway-api", values["enable-gateway-api"], false),
    installIptablesRules: parseBool("install-iptables-rules", values["install-iptables-rules"], true),
  };
}
