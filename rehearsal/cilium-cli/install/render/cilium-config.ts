// ConfigMap `cilium-config` (templates/cilium-configmap.yaml): the keys the agent and operator
// read, derived from the values as the template derives them. The double renders the keys its
// own programs and the harness use (identity, routing, IPAM, kube-proxy replacement, devices,
// L7/Envoy, Hubble, L2 announcements, LB-IPAM, BGP, Gateway API, client rate limits); the real
// ConfigMap carries about 250 more tuning keys the double does not model.

import type { Obj } from "../../../k8s/kube-objects.ts";
import { kubeProxyReplacementOf, truthy } from "../chart-validation.ts";
import { hasValue } from "../helm-values.ts";
import { envoyDaemonSetEnabled, meta, on, type RenderContext, v } from "./render-context.ts";

const quote = (value: unknown) => (value === null || value === undefined ? "" : String(value));

export function ciliumConfig(context: RenderContext): Obj {
  const data: Record<string, string> = {};
  const set = (key: string, value: unknown) => {
    data[key] = quote(value);
  };
  const kpr = kubeProxyReplacementOf(context.values);
  set("identity-allocation-mode", "crd");
  set("debug", v(context, "debug.enabled"));
  set("cluster-name", v(context, "cluster.name"));
  set("cluster-id", v(context, "cluster.id") ?? 0);
  set("enable-ipv4", v(context, "ipv4.enabled"));
  set("enable-ipv6", v(context, "ipv6.enabled"));
  set("routing-mode", v(context, "routingMode") || "tunnel");
  set("tunnel-protocol", v(context, "tunnelProtocol") || "vxlan");
  // templates/cilium-configmap.yaml: with cni.install (and no custom conf) the agent writes the
  // CNI config once it is ready — the node turns Ready then, as kind's nodes do with Cilium.
  if (on(context, "cni.install") && !on(context, "cni.customConf")) {
    set("write-cni-conf-when-ready", `${v<string>(context, "cni.hostConfDirMountPath")}/05-cilium.conflist`);
    set("cni-exclusive", v(context, "cni.exclusive"));
    set("cni-log-file", v(context, "cni.logFile"));
  }
  const ipam = (v<string>(context, "ipam.mode") || "cluster-pool") as string;
  set("ipam", ipam);
  if (ipam === "cluster-pool") {
    set(
      "cluster-pool-ipv4-cidr",
      (v<string[]>(context, "ipam.operator.clusterPoolIPv4PodCIDRList") ?? []).join(" "),
    );
    set("cluster-pool-ipv4-mask-size", v(context, "ipam.operator.clusterPoolIPv4MaskSize"));
  }
  if (hasValue(context.values, "devices")) {
    const devices = v<unknown>(context, "devices");
    set("devices", Array.isArray(devices) ? devices.join(" ") : devices);
  }
  set("kube-proxy-replacement", kpr);
  if (kpr === "true")
    set(
      "kube-proxy-replacement-healthz-bind-address",
      v(context, "kubeProxyReplacementHealthzBindAddr") ?? "",
    );
  if (context.minor < 19 && kpr === "false" && hasValue(context.values, "nodePort"))
    set("enable-node-port", v(context, "nodePort.enabled"));
  if (context.minor === 16 && hasValue(context.values, "externalIPs.enabled"))
    set("enable-external-ips", v(context, "externalIPs.enabled"));
  set("enable-l7-proxy", v(context, "l7Proxy"));
  set("external-envoy-proxy", envoyDaemonSetEnabled(context));
  const envoyConfig =
    on(context, "envoyConfig.enabled") ||
    on(context, "ingressController.enabled") ||
    on(context, "gatewayAPI.enabled") ||
    v(context, "loadBalancer.l7.backend") === "envoy";
  if (envoyConfig) set("enable-envoy-config", "true");
  if (on(context, "gatewayAPI.enabled")) {
    set("enable-gateway-api", "true");
    set("enable-gateway-api-secrets-sync", v(context, "gatewayAPI.secretsNamespace.sync"));
    set("enable-gateway-api-proxy-protocol", v(context, "gatewayAPI.enableProxyProtocol") ?? false);
    set(
      "enable-gateway-api-app-protocol",
      truthy(v(context, "gatewayAPI.enableAppProtocol")) || truthy(v(context, "gatewayAPI.enableAlpn")),
    );
    set("enable-gateway-api-alpn", v(context, "gatewayAPI.enableAlpn") ?? false);
    set("gateway-api-xff-num-trusted-hops", v(context, "gatewayAPI.xffNumTrustedHops") ?? 0);
    set("gateway-api-service-externaltrafficpolicy", v(context, "gatewayAPI.externalTrafficPolicy"));
    set("gateway-api-secrets-namespace", v(context, "gatewayAPI.secretsNamespace.name"));
    set("gateway-api-hostnetwork-enabled", v(context, "gatewayAPI.hostNetwork.enabled"));
    const labels = v<Record<string, string>>(context, "gatewayAPI.hostNetwork.nodes.matchLabels") ?? {};
    set(
      "gateway-api-hostnetwork-nodelabelselector",
      Object.entries(labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(","),
    );
  }
  set("enable-hubble", v(context, "hubble.enabled"));
  if (on(context, "hubble.enabled") && hasValue(context.values, "hubble.listenAddress")) {
    set("hubble-listen-address", v(context, "hubble.listenAddress"));
    if (on(context, "hubble.tls.enabled")) {
      set("hubble-disable-tls", "false");
      set("hubble-tls-cert-file", "/var/lib/cilium/tls/hubble/server.crt");
      set("hubble-tls-key-file", "/var/lib/cilium/tls/hubble/server.key");
      set("hubble-tls-client-ca-files", "/var/lib/cilium/tls/hubble/client-ca.crt");
    } else {
      set("hubble-disable-tls", "true");
    }
  }
  if (on(context, "hubble.enabled") && Array.isArray(v(context, "hubble.metrics.enabled"))) {
    set("hubble-metrics-server", `:${v(context, "hubble.metrics.port")}`);
    set("hubble-metrics", (v<string[]>(context, "hubble.metrics.enabled") ?? []).join(" "));
  }
  set("enable-l2-announcements", v(context, "l2announcements.enabled"));
  for (const [value, key] of [
    ["leaseDuration", "l2-announcements-lease-duration"],
    ["leaseRenewDeadline", "l2-announcements-renew-deadline"],
    ["leaseRetryPeriod", "l2-announcements-retry-period"],
  ] as const) {
    if (on(context, `l2announcements.${value}`)) set(key, v(context, `l2announcements.${value}`));
  }
  if (on(context, "bgpControlPlane.enabled")) set("enable-bgp-control-plane", "true");
  if (context.minor >= 17) {
    set("default-lb-service-ipam", v(context, "defaultLBServiceIPAM"));
    set("enable-lb-ipam", v(context, "enableLBIPAM"));
  }
  if (context.minor >= 17 && hasValue(context.values, "loadBalancer.protocolDifferentiation")) {
    set("bpf-lb-proto-diff", v(context, "loadBalancer.protocolDifferentiation.enabled"));
  }
  for (const [path, key] of [
    ["k8sClientRateLimit.qps", "k8s-client-qps"],
    ["k8sClientRateLimit.burst", "k8s-client-burst"],
    ["k8sClientRateLimit.operator.qps", "operator-k8s-client-qps"],
    ["k8sClientRateLimit.operator.burst", "operator-k8s-client-burst"],
  ] as const) {
    // `with`: only a truthy value renders the key.
    if (on(context, path)) set(key, v(context, path));
  }
  set("operator-api-serve-addr", on(context, "ipv4.enabled") ? "127.0.0.1:9234" : "[::1]:9234");
  return { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cilium-config", context), data };
}
