// Name resolution as a pod of the double gets it: the kubelet writes the pod's resolv.conf
// (dnsPolicy ClusterFirst: the cluster DNS Service's IP, search <ns>.svc.cluster.local
// svc.cluster.local cluster.local, ndots:5) and CC_MOUNTS says where it is. Pods share the node's
// filesystem, so the process reads that file and asks the listed servers itself (resolv.conf(5)
// search and ndots rules), instead of the node's /etc/resolv.conf.

import { Resolver } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { type MountTable, resolveContainerPath } from "./container-path.ts";

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const raw of text.split("\n")) {
    const [key, ...rest] = raw.trim().split(/\s+/);
    if (key === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") conf.search = rest;
    else if (key === "options") {
      for (const option of rest) if (option.startsWith("ndots:")) conf.ndots = Number(option.slice(6)) || 1;
    }
  }
  return conf;
}

/** The names tried, in order (resolv.conf(5)). */
export function candidateNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const dots = name.split(".").length - 1;
  const searched = conf.search.map((domain) => `${name}.${domain}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

export async function resolvePodName(name: string, mounts: MountTable): Promise<string> {
  if (isIP(name)) return name;
  let conf: ResolvConf;
  try {
    conf = parseResolvConf(readFileSync(resolveContainerPath(mounts, "/etc/resolv.conf"), "utf8"));
  } catch {
    conf = { nameservers: [], search: [], ndots: 1 };
  }
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (conf.nameservers.length > 0) resolver.setServers(conf.nameservers);
  let lastError: unknown;
  for (const candidate of candidateNames(name, conf)) {
    try {
      const [address] = await resolver.resolve4(candidate);
      if (address) return address;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`lookup ${name}: ${lastError instanceof Error ? lastError.message : "no such host"}`);
}
