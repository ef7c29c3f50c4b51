// Routes to the other nodes' pod CIDRs through their addresses on the LAN, as native routing with
// auto-direct-node-routes installs them (pkg/datapath/linux/node.go). The double uses them in
// tunnel mode too: the packets take the direct path instead of a VXLAN one, which changes nothing
// a client can see. The routes carry protocol 186 so the agent finds its own on restart.

import type { CommandRunner } from "./command-runner.ts";

export const NODE_ROUTE_PROTOCOL = "186";

export interface NodeRoute {
  cidr: string;
  via: string;
}

interface RouteJson {
  dst?: string;
  gateway?: string;
  protocol?: string;
}

export async function syncNodeRoutes(run: CommandRunner, wanted: readonly NodeRoute[]): Promise<void> {
  const current = (
    JSON.parse(await run("ip", ["-j", "route", "show", "proto", NODE_ROUTE_PROTOCOL])) as RouteJson[]
  )
    .filter((r) => r.dst && r.gateway)
    .map((r) => ({ cidr: r.dst!, via: r.gateway! }));
  const key = (r: NodeRoute) => `${r.cidr} via ${r.via}`;
  const wantedKeys = new Set(wanted.map(key));
  for (const route of current) {
    if (!wantedKeys.has(key(route)))
      await run("ip", ["route", "del", route.cidr, "proto", NODE_ROUTE_PROTOCOL]).catch(() => undefined);
  }
  const currentKeys = new Set(current.map(key));
  for (const route of wanted) {
    if (currentKeys.has(key(route))) continue;
    await run("ip", ["route", "replace", route.cidr, "via", route.via, "proto", NODE_ROUTE_PROTOCOL]);
  }
}
