// Cilium device selectors (`devices`, `egressMasqueradeInterfaces`): names, space- or
// comma-separated in a string or as a list, where a trailing `+` is a prefix wildcard (`eth+`).
// On kind the only LAN NIC is eth0.

export const KIND_NIC = "eth0";

export function deviceSelectsKindNic(entry: string): boolean {
  if (entry.endsWith("+")) return KIND_NIC.startsWith(entry.slice(0, -1));
  return entry === KIND_NIC;
}

/** Splits a string or list value into entries; undefined when the value is not a device selector. */
export function deviceEntries(value: unknown): string[] | undefined {
  if (typeof value === "string") return value.split(/[\s,]+/).filter((entry) => entry !== "");
  if (Array.isArray(value) && value.every((entry) => typeof entry === "string")) {
    return value.filter((entry) => entry !== "");
  }
  return undefined;
}
