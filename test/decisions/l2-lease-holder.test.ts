import { describe, expect, it } from "vitest";
import {
  l2LeaseName,
  leaseHolder,
  leaseMovedFrom,
  type WireLease,
} from "../../src/decisions/l2-lease-holder.ts";

const lease = (holder: string | undefined, renewTime: string | undefined): WireLease => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name: "cilium-l2announce-cc-l2-echo", namespace: "kube-system" },
  spec: {
    ...(holder ? { holderIdentity: holder } : {}),
    leaseDurationSeconds: 15,
    ...(renewTime ? { renewTime } : {}),
    leaseTransitions: 2,
  },
});
const at = (iso: string) => Date.parse(iso);

describe("l2LeaseName", () => {
  it("is cilium-l2announce-<namespace>-<service>", () => {
    expect(l2LeaseName("cc-l2", "echo")).toBe("cilium-l2announce-cc-l2-echo");
  });
});

describe("leaseHolder", () => {
  it("names a live holder with the age of its renewal (MicroTime string)", () => {
    expect(
      leaseHolder(lease("cc-worker", "2026-03-02T10:00:10.500000Z"), at("2026-03-02T10:00:13.5Z")),
    ).toEqual({
      ok: true,
      seen: "holder cc-worker (renewed 3s ago)",
      value: { holder: "cc-worker", sinceRenewMs: 3000, expired: false, transitions: 2 },
    });
  });

  it("marks a holder expired once leaseDurationSeconds passed without renewal (a paused node)", () => {
    const verdict = leaseHolder(lease("cc-worker", "2026-03-02T10:00:00Z"), at("2026-03-02T10:00:16Z"));
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe("holder cc-worker (renewed 16s ago, expired)");
  });

  it("has no holder for an empty Lease or none at all", () => {
    expect(leaseHolder(lease(undefined, undefined), 0)).toEqual({
      ok: false,
      seen: "Lease has no holderIdentity",
    });
    expect(leaseHolder(undefined, 0)).toEqual({ ok: false, seen: "Lease not found" });
  });
});

describe("leaseMovedFrom", () => {
  const now = at("2026-03-02T10:00:20Z");
  it("waits while the previous holder keeps it", () => {
    const verdict = leaseMovedFrom(lease("cc-worker", "2026-03-02T10:00:19Z"), "cc-worker", now);
    expect(verdict).toMatchObject({
      ok: false,
      seen: "holder cc-worker (renewed 1s ago), still the previous holder",
    });
  });

  it("is done when another node holds a live lease", () => {
    expect(leaseMovedFrom(lease("cc-worker2", "2026-03-02T10:00:19Z"), "cc-worker", now)).toMatchObject({
      ok: true,
      value: { holder: "cc-worker2" },
    });
  });

  it("is not done when the new name is written but its lease is already expired", () => {
    expect(leaseMovedFrom(lease("cc-worker2", "2026-03-02T09:59:00Z"), "cc-worker", now).ok).toBe(false);
  });
});
