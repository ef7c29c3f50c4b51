import { describe, expect, it } from "vitest";
import { parseRelayConfig, splitHostPort } from "../../../../rehearsal/cilium/hubble-relay/relay-config.ts";

describe("hubble-relay config.yaml", () => {
  it("reads the chart's ConfigMap (TLS to the agents)", () => {
    const config = parseRelayConfig(
      [
        "cluster-name: kind-cc",
        'peer-service: "hubble-peer.kube-system.svc.cluster.local.:443"',
        "listen-address: :4245",
        "gops: true",
        'gops-port: "9893"',
        "retry-timeout: ",
        "sort-buffer-len-max: ",
        "sort-buffer-drain-timeout: ",
        "tls-hubble-client-cert-file: /var/lib/hubble-relay/tls/client.crt",
        "tls-hubble-client-key-file: /var/lib/hubble-relay/tls/client.key",
        "tls-hubble-server-ca-files: /var/lib/hubble-relay/tls/hubble-server-ca.crt",
        "disable-server-tls: true",
      ].join("\n"),
    );
    expect(config).toMatchObject({
      clusterName: "kind-cc",
      peerService: "hubble-peer.kube-system.svc.cluster.local.:443",
      listenAddress: ":4245",
      retryTimeoutMs: 30_000,
      sortBufferLenMax: 100,
      disableClientTls: false,
      serverCaFiles: ["/var/lib/hubble-relay/tls/hubble-server-ca.crt"],
      disableServerTls: true,
    });
  });

  it("takes relay's defaults for an empty file, and refuses a bad duration", () => {
    expect(parseRelayConfig("")).toMatchObject({
      peerService: "unix:///var/run/cilium/hubble.sock",
      listenAddress: ":4245",
    });
    expect(() => parseRelayConfig("retry-timeout: 30")).toThrow(/time: invalid duration/);
  });

  it("splits host and port, keeping an absolute name's trailing dot", () => {
    expect(splitHostPort("hubble-peer.kube-system.svc.cluster.local.:443")).toEqual({
      host: "hubble-peer.kube-system.svc.cluster.local.",
      port: 443,
    });
  });
});
