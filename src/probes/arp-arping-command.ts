// The arping command line, per implementation. Both send one broadcast "who-has" per second; the
// flags that end the run differ:
//
// - iputils: `-c N` alone stops after N probes (N seconds), printing every reply. Adding `-w`
//   changes `-c` into "stop after N replies", which would cut a duplicate short after N/2 rounds:
//   so no `-w`.
// - BusyBox: `-c N` stops after N probes; `-w N` is a backstop (it ends the run at N s + 0.5 s).
//
// `-b` keeps broadcasting: without it both switch to unicast to the first MAC that answered and
// a second holder of the address would only show once.

export type ArpingImplementation = "iputils" | "busybox";

export interface ArpingRequest {
  interfaceName: string;
  ip: string;
  /** Probes to send, one per second. */
  count: number;
}

export function arpingArgs(implementation: ArpingImplementation, request: ArpingRequest): string[] {
  const count = String(request.count);
  const stop = implementation === "busybox" ? ["-c", count, "-w", count] : ["-c", count];
  return ["arping", "-b", ...stop, "-I", request.interfaceName, request.ip];
}

/** Argv that makes each implementation say who it is: iputils prints its version, BusyBox its usage. */
export const ARPING_IDENTIFY_ARGS = ["arping", "-V"] as const;

export type ArpingIdentity =
  | { kind: "found"; implementation: ArpingImplementation; version: string | undefined }
  | { kind: "missing" }
  | { kind: "unsupported"; banner: string };

/** Reads the output of `arping -V` (stdout and stderr together) and its exit code. */
export function identifyArping(output: string, exitCode: number): ArpingIdentity {
  if (/iputils/i.test(output)) {
    return { kind: "found", implementation: "iputils", version: /iputils[- ]?(\S+)/i.exec(output)?.[1] };
  }
  if (/BusyBox/.test(output)) {
    return { kind: "found", implementation: "busybox", version: /BusyBox v(\S+)/.exec(output)?.[1] };
  }
  if (exitCode === 126 || exitCode === 127 || /not found|no such file/i.test(output))
    return { kind: "missing" };
  return { kind: "unsupported", banner: output.trim().split("\n")[0] ?? "" };
}
