// Finds the LAN client's interface on the LAN network. Docker tells us the container's IP and MAC
// on that network; inside the container we list interfaces with their MACs (`/sys/class/net`,
// which every image has, unlike `ip`) and pick the one with that MAC.

import { normalizeMac } from "./arp-output-parser.ts";

/** Shell loop run in the container: one `<name> <mac>` line per interface. */
export const LIST_INTERFACES_SCRIPT =
  'for d in /sys/class/net/*; do printf "%s %s\\n" "${d##*/}" "$(cat "$d/address" 2>/dev/null)"; done';

export interface InterfaceMac {
  name: string;
  /** Normalised; undefined for interfaces without a MAC (lo shows 00:00:00:00:00:00, tunnels none). */
  mac: string | undefined;
}

export function parseInterfaceMacs(text: string): InterfaceMac[] {
  const found: InterfaceMac[] = [];
  for (const line of text.split("\n")) {
    const [name, mac] = line.trim().split(/\s+/);
    if (!name) continue;
    found.push({ name, mac: mac === undefined ? undefined : normalizeMac(mac) });
  }
  return found;
}

/** The interface with this MAC, or undefined (the message lists what was seen). */
export function interfaceWithMac(interfaces: readonly InterfaceMac[], mac: string): string | undefined {
  const wanted = normalizeMac(mac);
  return interfaces.find((entry) => wanted !== undefined && entry.mac === wanted)?.name;
}
