import { describe, expect, it } from "vitest";
import { mountTable, resolveContainerPath } from "../../../rehearsal/cilium/container-path.ts";

describe("resolveContainerPath", () => {
  const mounts = mountTable({
    CC_MOUNTS: JSON.stringify({
      "/tmp/cilium/config-map": "/var/lib/cc/pods/u1/volumes/cilium-config-path",
      "/host/etc/cni/net.d": "/etc/cni/net.d",
      "/var/lib/cilium/tls/hubble": "/var/lib/cc/pods/u1/volumes/hubble-tls",
      "/var/lib/cilium/tls/hubble/extra": "/elsewhere",
    }),
  });

  it("maps a path under a mount to the volume's host folder", () => {
    expect(resolveContainerPath(mounts, "/host/etc/cni/net.d/05-cilium.conflist")).toBe(
      "/etc/cni/net.d/05-cilium.conflist",
    );
    expect(resolveContainerPath(mounts, "/tmp/cilium/config-map")).toBe(
      "/var/lib/cc/pods/u1/volumes/cilium-config-path",
    );
  });

  it("takes the longest mountPath, and leaves unmounted paths alone", () => {
    expect(resolveContainerPath(mounts, "/var/lib/cilium/tls/hubble/extra/a")).toBe("/elsewhere/a");
    expect(resolveContainerPath(mounts, "/var/lib/cilium/tls/hubble/server.crt")).toBe(
      "/var/lib/cc/pods/u1/volumes/hubble-tls/server.crt",
    );
    expect(resolveContainerPath(mounts, "/var/run/cilium/cilium.sock")).toBe("/var/run/cilium/cilium.sock");
    expect(resolveContainerPath(mounts, "/tmp/cilium/config-mapx")).toBe("/tmp/cilium/config-mapx");
  });

  it("refuses a malformed table", () => {
    expect(() => mountTable({ CC_MOUNTS: "[1]" })).toThrow(/CC_MOUNTS/);
    expect(mountTable({})).toEqual({});
  });
});
