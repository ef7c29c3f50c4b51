// The Helm value `devices`: which network interfaces the Cilium agent attaches to. Each entry is
// an exact name (`eno1`) or a name followed by `+`, which matches every name starting with the
// rest (`eno+` → eno1, eno2…): the agent's deviceFilter strips the trailing `+`s and compares
// prefixes (pkg/datapath/linux/devices_controller.go; daemon/cmd/devices.go before 1.14).
import type { ValuesModel } from "../repo/infra-model.ts";

export interface DeviceEntry {
  text: string;
  /** Set for a `+` wildcard: the prefix every matching name starts with. */
  prefix: string | undefined;
}

/** The entries of `devices` (a list, or a string separated by spaces/commas as the agent reads it). */
export function ciliumDevices(values: ValuesModel): DeviceEntry[] | undefined {
  const raw = values.get("devices");
  const texts = Array.isArray(raw)
    ? raw.filter((item): item is string => typeof item === "string")
    : typeof raw === "string"
      ? raw.split(/[\s,]+/)
      : [];
  const entries = texts.map((text) => text.trim()).filter((text) => text !== "");
  if (entries.length === 0) return undefined;
  return entries.map((text) => ({
    text,
    prefix: text.endsWith("+") ? text.replace(/\++$/, "") : undefined,
  }));
}

/** Whether an interface name is one of the devices (the agent's deviceFilter.match). */
export function isCiliumDevice(devices: readonly DeviceEntry[], name: string): boolean {
  return devices.some((entry) =>
    entry.prefix !== undefined ? name.startsWith(entry.prefix) : name === entry.text,
  );
}
