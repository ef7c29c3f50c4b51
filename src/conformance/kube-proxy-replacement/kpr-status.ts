// Reads the kube-proxy replacement mode from `cilium-dbg status` (agent's text output). Cilium
// prints it as `KubeProxyReplacement:<tab>Mode<tab>[devices]` through a tabwriter
// (cilium-dbg/cmd/status.go → pkg/command formatStatusResponse): `True`/`False` from 1.16,
// `Strict`/`Partial`/`Disabled` up to 1.14 (and still accepted as values in 1.15).

export interface KprStatus {
  /** The mode as printed, e.g. `True`; undefined when the line is missing. */
  mode: string | undefined;
  /** Devices in brackets, as printed (`eth0 172.18.0.3 (Direct Routing)`), for the report. */
  devices: string | undefined;
  enabled: boolean;
}

/** Modes that mean kube-proxy is fully replaced. */
const ENABLED_MODES = new Set(["true", "strict"]);

export function parseKprStatus(statusText: string): KprStatus {
  for (const raw of statusText.split("\n")) {
    // The "KubeProxyReplacement Details:" block starts with the same word: anchor on the colon.
    const match = /^KubeProxyReplacement:\s+(\S+)(?:\s+\[(.*)\])?\s*$/.exec(raw.trimEnd());
    if (!match) continue;
    const mode = match[1];
    return { mode, devices: match[2], enabled: ENABLED_MODES.has((mode ?? "").toLowerCase()) };
  }
  return { mode: undefined, devices: undefined, enabled: false };
}

/** One line per agent for the assertion message: `cc-worker: True [eth0 …]`. */
export function describeKpr(node: string, status: KprStatus): string {
  if (status.mode === undefined) return `${node}: no KubeProxyReplacement line in cilium-dbg status`;
  return `${node}: ${status.mode}${status.devices ? ` [${status.devices}]` : ""}`;
}
