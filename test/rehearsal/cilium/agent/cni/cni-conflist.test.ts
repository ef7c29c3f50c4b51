import { describe, expect, it } from "vitest";
import { ciliumConflist, foreignCniConfigs } from "../../../../../rehearsal/cilium/agent/cni/cni-conflist.ts";

describe("05-cilium.conflist", () => {
  it("is the chaining-mode none configuration of daemon/cmd/cni/config.go", () => {
    expect(JSON.parse(ciliumConflist({ debug: false, logFile: "/var/run/cilium/cilium-cni.log" }))).toEqual({
      cniVersion: "0.3.1",
      name: "cilium",
      plugins: [{ type: "cilium-cni", "enable-debug": false, "log-file": "/var/run/cilium/cilium-cni.log" }],
    });
  });

  it("cni-exclusive moves other network configurations aside, not its own nor backups", () => {
    expect(
      foreignCniConfigs(
        ["05-cilium.conflist", "10-kindnet.conflist", "87-podman.conf", "x.cilium_bak", "README"],
        "05-cilium.conflist",
      ),
    ).toEqual(["10-kindnet.conflist", "87-podman.conf"]);
  });
});
