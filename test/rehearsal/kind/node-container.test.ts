import { describe, expect, it } from "vitest";
import { nodeRunArgs } from "../../../rehearsal/kind/node-container.ts";

describe("nodeRunArgs (kind's docker run of a node, with the double's stated differences)", () => {
  const base = {
    cluster: "cc-1",
    network: "cc-lan-1",
    image: "cilium-conformance/rehearsal-node:abc",
    projectRoot: "/src/cc",
    env: { CC_REHEARSAL_FAULTS: "x" },
  };

  it("names, labels and attaches a control plane as kind does and publishes 6443 on the host address", () => {
    const args = nodeRunArgs({
      ...base,
      name: "cc-1-control-plane",
      role: "control-plane",
      apiServer: { address: "127.0.0.1", port: 41000 },
    });
    const pairs = (flag: string) => args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));
    expect(pairs("--hostname")).toEqual(["cc-1-control-plane"]);
    expect(pairs("--label")).toEqual([
      "io.x-k8s.kind.role=control-plane",
      "io.x-k8s.kind.cluster=cc-1",
      "io.cilium-conformance/rehearsal=node",
    ]);
    expect(pairs("--net")).toEqual(["cc-lan-1"]);
    expect(args).toContain("--publish=127.0.0.1:41000:6443/TCP");
    expect(pairs("-e")).toEqual(
      expect.arrayContaining([
        "CC_NODE_ROLE=control-plane",
        "CC_REHEARSAL_FAULTS=x",
        "KUBECONFIG=/etc/kubernetes/admin.conf",
      ]),
    );
    expect(pairs("--volume")).toEqual(["/var", "/src/cc:/opt/cc:ro"]);
    expect(args.at(-1)).toBe(base.image);
  });

  it("never runs privileged: the capabilities the double needs instead, and forwarding on", () => {
    const args = nodeRunArgs({ ...base, name: "cc-1-worker", role: "worker" });
    expect(args).not.toContain("--privileged");
    expect(args.filter((_, i) => args[i - 1] === "--cap-add")).toEqual(["NET_ADMIN", "SYS_ADMIN", "NET_RAW"]);
    expect(args.filter((_, i) => args[i - 1] === "--sysctl")).toEqual(["net.ipv4.ip_forward=1"]);
    expect(args.some((a) => a.startsWith("--publish"))).toBe(false);
  });
});
