import { describe, expect, it } from "vitest";
import { chartKeys } from "../../src/upgrade/chart-keys.ts";
import { commentedKeys } from "../../src/upgrade/commented-keys.ts";

// Layouts found in the real Cilium values.yaml files (1.15–1.19).
const VALUES = `# -- Configure the kube-proxy replacement in Cilium BPF datapath
# Valid options are "true" or "false".
#kubeProxyReplacement: "false"

l2announcements:
  # -- Enable L2 announcements
  enabled: false
  # -- If a lease is not renewed for X duration, the current leader is considered dead
  # leaseDuration: 15s
k8sClientRateLimit:
  # @schema
  # type: [null, integer]
  # @schema
  # -- (int) The sustained request rate in requests per second.
  qps:
hubble:
  relay:
    # -- Enable Hubble Relay
    enabled: false
    # prometheus:
    #   enabled: true
    #   port: 9966
  # peerService:
  #   targetPort: 4244
resources: {}
  # limits:
  #   cpu: 4000m
`;

describe("keys documented only in comments", () => {
  it("finds them at the right depth, with and without a space after #", () => {
    expect(commentedKeys(VALUES).map((key) => [key.segments.join("."), key.line])).toEqual([
      ["kubeProxyReplacement", 3],
      ["l2announcements.leaseDuration", 9],
      ["hubble.relay.prometheus", 20],
      ["hubble.relay.prometheus.enabled", 21],
      ["hubble.relay.prometheus.port", 22],
      ["hubble.peerService", 23],
      ["hubble.peerService.targetPort", 24],
      ["resources.limits", 26],
      ["resources.limits.cpu", 27],
    ]);
  });

  it("skips `# @schema` blocks and prose, and adds nothing below free-form maps", () => {
    const keys = chartKeys(
      {
        l2announcements: { enabled: false },
        k8sClientRateLimit: { qps: null },
        hubble: { relay: { enabled: false } },
        resources: {},
      },
      VALUES,
    );
    expect(keys.find(["k8sClientRateLimit", "type"])).toBeUndefined();
    expect(keys.find(["kubeProxyReplacement"])?.commented).toBe(true);
    expect(keys.find(["hubble", "relay", "prometheus", "port"])?.commented).toBe(true);
    expect(keys.find(["resources", "limits"])).toBeUndefined();
    expect(keys.find(["resources"])?.freeForm).toBe(true);
  });
});
