import { describe, expect, it } from "vitest";
import { parseAgentConfig } from "../../../../../rehearsal/cilium/agent/config/agent-config.ts";

describe("parseAgentConfig", () => {
  it("takes the agent's flag defaults for what the ConfigMap leaves out", () => {
    const config = parseAgentConfig({});
    expect(config.kubeProxyReplacement).toBe(false);
    expect(config.l2Announcements).toEqual({
      enabled: false,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 5_000,
      retryPeriodMs: 2_000,
    });
    expect(config.ipam).toBe("cluster-pool");
    expect(config.nodePortRange).toEqual({ min: 30000, max: 32767 });
    expect(config.routingMode).toBe("tunnel");
    expect(config.clusterName).toBe("default");
  });

  it("reads the keys the chart writes (homelab-like values)", () => {
    const config = parseAgentConfig({
      "kube-proxy-replacement": "true",
      devices: "eth0 enp+",
      ipam: "kubernetes",
      "enable-l2-announcements": "true",
      "l2-announcements-lease-duration": "3s",
      "l2-announcements-renew-deadline": "1500ms",
      "l2-announcements-retry-period": "500ms",
      "enable-hubble": "true",
      "hubble-listen-address": ":4244",
      "hubble-disable-tls": "true",
      "cluster-name": "kind-cc-x",
      "write-cni-conf-when-ready": "/host/etc/cni/net.d/05-cilium.conflist",
    });
    expect(config.kubeProxyReplacement).toBe(true);
    expect(config.devices).toEqual(["eth0", "enp+"]);
    expect(config.l2Announcements).toEqual({
      enabled: true,
      leaseDurationMs: 3000,
      renewDeadlineMs: 1500,
      retryPeriodMs: 500,
    });
    expect(config.hubble.listenAddress).toBe(":4244");
    expect(config.hubble.disableTls).toBe(true);
    expect(config.writeCniConfWhenReady).toBe("/host/etc/cni/net.d/05-cilium.conflist");
  });

  it("refuses what 1.16+ refuses: kube-proxy-replacement other than true/false", () => {
    expect(() => parseAgentConfig({ "kube-proxy-replacement": "strict" })).toThrow(
      "invalid value for kube-proxy-replacement",
    );
  });

  it("refuses a duration Go cannot parse", () => {
    expect(() => parseAgentConfig({ "l2-announcements-lease-duration": "15" })).toThrow(
      /time: invalid duration/,
    );
  });
});
