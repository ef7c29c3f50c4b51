// Docker-backed: the node image builds from this host's files and offers what the harness and the
// double run in a kind node: both iptables backends' save commands, nft, iproute2 with netns and
// veth, and Node. Fails (never skips) without Docker.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureNodeImage } from "../../../rehearsal/images/build-node-image.ts";
import { NODE_FILTER_DUMPS } from "../../../src/conformance/kube-proxy-replacement/kube-proxy-chains.ts";
import { dockerBin, requireDocker } from "../../support/docker.ts";

const run = promisify(execFile);
let image: string;

/** Runs argv in a throwaway node container (entrypoint resolved on the image's PATH, no shell). */
async function inNode(argv: string[]): Promise<string> {
  const [entrypoint = "", ...args] = argv;
  const { stdout } = await run(dockerBin, [
    "run",
    "--rm",
    "--label",
    "io.cilium-conformance/rehearsal=test",
    "--cap-add",
    "NET_ADMIN",
    "--cap-add",
    "SYS_ADMIN",
    "--cap-add",
    "NET_RAW",
    "--entrypoint",
    entrypoint,
    image,
    ...args,
  ]);
  return stdout;
}

beforeAll(async () => {
  requireDocker();
  image = (await ensureNodeImage({ docker: dockerBin })).image;
}, 240_000);

describe("the rehearsal node image", () => {
  it("is content-addressed: a second ensure builds nothing and names the same tag", async () => {
    const again = await ensureNodeImage({ docker: dockerBin });
    expect(again).toMatchObject({ image, built: false });
    expect(image).toMatch(/^cilium-conformance\/rehearsal-node:[0-9a-f]{16}$/);
  });

  it("has every packet-filter dump the kube-proxy-replacement suite reads on a node", async () => {
    const out = await inNode([
      "/bin/sh",
      "-c",
      `iptables-nft -t nat -N PROBE && ${NODE_FILTER_DUMPS.map((d) => d.argv.join(" ")).join(" && ")}`,
    ]);
    expect(out).toMatch(/^\*nat$/m);
    expect(out).toMatch(/^:PROBE - \[0:0\]$/m);
    expect(out).toMatch(/^table ip nat$/m);
  });

  it("resolves `ip` on PATH to iproute2, not BusyBox's applet", async () => {
    expect(await inNode(["ip", "-V"])).toMatch(/iproute2-/);
  });

  it("has network namespaces, veth pairs and Node 24", async () => {
    // BusyBox sh runs its own applets before PATH (FEATURE_SH_STANDALONE): scripts name /usr/sbin/ip.
    const out = await inNode([
      "/bin/sh",
      "-c",
      [
        "mkdir -p /run/netns",
        "/usr/sbin/ip netns add pod",
        "/usr/sbin/ip link add name host0 type veth peer name eth0 netns pod",
        "/usr/sbin/ip -n pod -br link show eth0",
        "node -e 'console.log(process.versions.node)'",
      ].join(" && "),
    ]);
    expect(out).toMatch(/^eth0@if\d+\s+DOWN/m);
    expect(out).toMatch(/^24\./m);
  });
});
