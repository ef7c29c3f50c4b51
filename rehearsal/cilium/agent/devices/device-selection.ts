// Which network devices the agent uses (pkg/datapath/linux/devices_controller.go
// isSelectedDevice, pkg/datapath/tables/device.go DeviceFilter, pkg/defaults ExcludedDevicePrefixes):
// a device needs addresses and to be up; a `devices` filter (names, `prefix+` wildcards) selects
// what it matches; without one, detection skips the excluded prefixes (cilium_, lo, lxc, cni,
// docker), bridged/bonded devices, bridges, veths without the default route (the kind case: a
// node's eth0 is a veth WITH the default route) and devices without a global unicast route.

export interface LinkFacts {
  name: string;
  type: string;
  up: boolean;
  hasMaster: boolean;
  ipv4: string[];
  ipv6: string[];
  hasDefaultRoute: boolean;
  hasGlobalRoute: boolean;
}

export const EXCLUDED_DEVICE_PREFIXES = ["cilium_", "lo", "lxc", "cni", "docker"] as const;

export function deviceFilterMatches(filter: readonly string[], name: string): boolean {
  if (filter.length === 0) return true;
  return filter.some((entry) =>
    entry.endsWith("+") ? name.startsWith(entry.replace(/\++$/, "")) : name === entry,
  );
}

export function selectDevices(links: readonly LinkFacts[], filter: readonly string[]): LinkFacts[] {
  return links
    .filter((link) => {
      if (link.ipv4.length === 0 && link.ipv6.length === 0) return false;
      if (!link.up) return false;
      if (filter.length > 0) return deviceFilterMatches(filter, link.name);
      if (link.hasMaster) return false;
      if (EXCLUDED_DEVICE_PREFIXES.some((prefix) => link.name.startsWith(prefix))) return false;
      if (link.type === "veth" && !link.hasDefaultRoute) return false;
      if (link.type === "bridge" || link.type === "openvswitch" || link.type === "ipoib") return false;
      return link.hasGlobalRoute;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
