// check-log-errors' judgement of one container's log (cilium-cli v0.19.7 vendored
// connectivity/tests/errors.go NoErrorsInLogs/findUniqueFailures/checkErrorsInLogs): lines that
// contain one of the error markers — always panics, deadlocks and the other fixed messages;
// "level=error" (minus its exceptions); "level=warn" from Cilium 1.17 (minus its exceptions) — are
// grouped by their msg= value and reported with an example line and a count. The exception lists
// below are the ones errors.go defines (string matchers; the few regex ones are approximated).

export const ERROR_MARKERS_ALWAYS = [
  "panic:",
  "POTENTIAL DEADLOCK:",
  "JoinEP: ",
  "Removing map to allow for property upgrade",
  "Skipping symbol substitution",
  "Uninitialized regeneration level",
  "BUG: stat() has unstable behavior",
  "Missing iptables wait arg (-w):",
  "Could not restore all CIDR identities",
  "Mismatch of router IPs found during restoration",
  "Attempt to allocate a node ID for an empty node IP address",
  "DATA RACE",
  "[error]",
  "[critical]",
  "!BADKEY",
];

const ERROR_EXCEPTIONS = [
  "Error in delegate stream, restarting",
  "Failed to update lock:",
  "Failed to release lock:",
  "Error retrieving lease lock",
  "error retrieving resource lock",
  "the server could not find the requested resource",
  "retrieved nil details for Service",
  "failed to close existing tcp connection",
];

const WARNING_EXCEPTIONS = [
  "bpf_jit_enable: no such file or directory",
  " PodCIDR not available",
  "Unable to get node resource",
  "Session affinity for host reachable services needs kernel",
  "the object has been modified; please apply your changes",
  "The kernel does not support --service-no-backend-response=reject",
  "You are using the legacy BGP feature",
  "etcd client timeout exceeded",
  "Unable to restore endpoint, ignoring",
  "Unable to restore router IP from filesystem",
  "Router IP could not be re-allocated",
  "unable to find key in local cache",
  "the server could not find the requested resource",
  "hubble events queue is full",
  "service not found",
  "Failed to create peer client for peers synchronization",
];

/** The "level=warn" check exists from 1.17; both exception lists grow for < 1.18. */
export function logMarkers(minor: number): Map<string, string[]> {
  const markers = new Map<string, string[]>(ERROR_MARKERS_ALWAYS.map((marker) => [marker, []]));
  markers.set("Removing map to allow for property upgrade", ["globals/cilium_policy"]);
  const older =
    minor < 18 ? [": Link not found", "removing identity not added to the identity manager!"] : [];
  markers.set("level=error", [...ERROR_EXCEPTIONS, ...older]);
  if (minor >= 17) markers.set("level=warn", [...WARNING_EXCEPTIONS, ...older]);
  return markers;
}

/** extractValueFromLog: key="…" or key=… */
export function logValue(line: string, key: string): string {
  const match = new RegExp(`\\b${key}=("[^"]*"|[^\\s]*)`).exec(line);
  return match?.[1] ? match[1].replace(/^"|"$/g, "") : "";
}

export interface LogFailure {
  message: string;
  example: string;
  count: number;
}

export function uniqueFailures(log: string, markers: Map<string, string[]>): LogFailure[] {
  const byMessage = new Map<string, LogFailure>();
  for (const line of log.split("\n")) {
    for (const [marker, exceptions] of markers) {
      if (!line.includes(marker)) continue;
      if (exceptions.some((exception) => line.includes(exception))) continue;
      const message = logValue(line, "msg") || line;
      const entry = byMessage.get(message) ?? { message, example: line, count: 0 };
      entry.count += 1;
      entry.example = line;
      byMessage.set(message, entry);
    }
  }
  return [...byMessage.values()];
}

/** checkErrorsInLogs' failure text. */
export function logFailureText(id: string, failures: readonly LogFailure[], previous = false): string {
  return `Found ${failures.length} logs in ${id}${previous ? " from before pod restart" : ""} matching list of errors that must be investigated:${failures
    .map((failure) => `\n${failure.example} (${failure.count} occurrences)`)
    .join("")}`;
}
