import { describe, expect, it } from "vitest";
import { reportDeviations } from "../../src/conformance/report-assembly.ts";
import type { Deviation } from "../../src/plan/run-plan.ts";

const deviation = {
  key: "k8sServiceHost",
  repoValue: "192.168.5.10",
  kindValue: "${controlPlaneIp}",
  reason: "without kube-proxy Cilium reaches the API server directly",
} as unknown as Deviation;

describe("reportDeviations", () => {
  it("shows the control plane's LAN IP once `up` knows it", () => {
    const [shown] = reportDeviations([deviation], {
      reportDir: "/r/run1",
      nodes: [
        { name: "cc-run1-worker", role: "worker", lanIp: "192.168.5.3", lanMac: "02:42:c0:a8:05:03" },
        {
          name: "cc-run1-control-plane",
          role: "control-plane",
          lanIp: "192.168.5.2",
          lanMac: "02:42:c0:a8:05:02",
        },
      ] as never,
    });
    expect(shown?.kindValue).toBe("192.168.5.2");
  });

  it("says what the placeholder stands for when the cluster never came up", () => {
    const [shown] = reportDeviations([deviation]);
    expect(shown?.kindValue).toBe("the control-plane container's LAN IP (known once kind has created it)");
    expect(JSON.stringify(reportDeviations([deviation]))).not.toContain("${");
  });
});
