import { describe, expect, it } from "vitest";
import { yaml } from "../support/temp-repo.ts";
import { fixtureText, lineOf, preview, VALUES_FILE } from "./support/upgrade-repo.ts";

const keyFindings = (from: string, to: string, values: string) =>
  preview(from, to, { values }).filter((finding) => finding.category === "values-keys");

describe("values keys the candidate chart does not have", () => {
  it("accepts the homelab's values apart from the removed externalIPs.enabled", () => {
    const findings = preview("1.18.11", "1.19.5").filter((f) => f.category === "values-keys");
    expect(findings.map((f) => [f.id, f.message.split(" ")[0], f.file, f.line])).toEqual([
      [
        "upgrade-values-key-already-removed",
        "externalIPs.enabled",
        VALUES_FILE,
        lineOf(fixtureText(VALUES_FILE), "Left over from the MetalLB days") + 2,
      ],
    ]);
    // The commented-only keys (l2announcements.lease*) and free-form lists are not reported.
    expect(findings[0]?.message).toContain("removed in 1.18.0");
    expect(findings[0]?.severity).toBe("warning");
  });

  it("does not look inside free-form maps and lists (labels, annotations, resources, tolerations, env)", () => {
    const values = yaml`
      nodeSelector:
        homelab.example/rack: "b"
      podAnnotations:
        prometheus.io/scrape: "true"
      annotations:
        owner: me
      resources:
        limits:
          cpu: 500m
      extraEnv:
        - name: GOMEMLIMIT
          value: 1GiB
      tolerations:
        - key: dedicated
          operator: Exists
      hubble:
        relay:
          enabled: true
          podLabels:
            team: net
      operator:
        tolerations:
          - operator: Exists
      l2announcements:
        enabled: true
        leaseDuration: 20s
    `;
    expect(keyFindings("1.18.11", "1.19.5", values)).toEqual([]);
  });

  it("tells a key removed by the upgrade from one that never existed", () => {
    const values = yaml`
      externalIPs:
        enabled: true
      hubble:
        relay:
          enabeld: true
    `;
    const findings = keyFindings("1.17.5", "1.18.11", values);
    const removed = findings.find((f) => f.message.startsWith("externalIPs.enabled"));
    expect(removed).toMatchObject({
      id: "upgrade-values-key-removed",
      severity: "warning",
      file: VALUES_FILE,
      line: 2,
    });
    expect(removed?.message).toContain("is a key of chart 1.17.5 but not of 1.18.11");
    expect(removed?.message).toContain("kube-proxy replacement handles externalIPs");
    const typo = findings.find((f) => f.message.startsWith("hubble.relay.enabeld"));
    expect(typo).toMatchObject({ id: "upgrade-values-key-unknown", severity: "warning", line: 5 });
    expect(typo?.message).toContain("nor of 1.17.5");
    expect(typo?.message).toContain("Did you mean `hubble.relay.enabled`?");
  });

  it("makes a key the candidate dropped without a known replacement an error (the setting stops working)", () => {
    // k8sServiceHostRef exists from 1.18 in the test charts (as in the real ones): going back drops it.
    const values = yaml`
      k8sServiceHostRef:
        name: api-endpoint
    `;
    const [finding] = keyFindings("1.18.11", "1.17.5", values);
    expect(finding).toMatchObject({ id: "upgrade-values-key-removed", severity: "error", line: 1 });
    expect(finding?.message).toContain("k8sServiceHostRef is a key of chart 1.18.11 but not of 1.17.5");
    expect(finding?.message).toContain("stops taking effect");
  });

  it("reports an unknown map once with the number of values below it, and its nearest key", () => {
    const values = yaml`
      hubbel:
        relay:
          enabled: true
        ui:
          enabled: true
    `;
    const findings = keyFindings("1.18.11", "1.19.5", values);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("hubbel (and the 2 values set below it)");
    expect(findings[0]?.message).toContain("Did you mean `hubble`?");
  });
});
