// Reads the node's links, addresses and routes (iproute2 JSON) into LinkFacts.

import type { CommandRunner } from "../datapath/command-runner.ts";
import type { LinkFacts } from "./device-selection.ts";

interface AddrJson {
  ifname: string;
  flags?: string[];
  operstate?: string;
  master?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: { family?: string; local?: string; scope?: string }[];
}

interface RouteJson {
  dst?: string;
  dev?: string;
  scope?: string;
}

export async function readLinkFacts(run: CommandRunner): Promise<LinkFacts[]> {
  const links = JSON.parse(await run("ip", ["-d", "-j", "addr", "show"])) as AddrJson[];
  const routes = JSON.parse(await run("ip", ["-j", "route", "show", "table", "main"])) as RouteJson[];
  return links.map((link) => {
    const mine = routes.filter((r) => r.dev === link.ifname);
    const global = (ip: { scope?: string }) => ip.scope === "global";
    return {
      name: link.ifname,
      type: link.linkinfo?.info_kind ?? (link.ifname === "lo" ? "loopback" : "device"),
      up: (link.flags ?? []).includes("UP"),
      hasMaster: link.master !== undefined,
      ipv4: (link.addr_info ?? []).filter((a) => a.family === "inet" && global(a)).map((a) => a.local ?? ""),
      ipv6: (link.addr_info ?? []).filter((a) => a.family === "inet6" && global(a)).map((a) => a.local ?? ""),
      hasDefaultRoute: mine.some((r) => r.dst === "default"),
      hasGlobalRoute: mine.some((r) => r.dst === "default" || r.scope === "link" || r.scope === undefined),
    };
  });
}
