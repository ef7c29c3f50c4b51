// The arping command line of the slow mode ("rounds": one run, one probe per second), per
// implementation, and what decides whether the fast mode (arp-burst-command.ts) can be used. Both
// send one broadcast "who-has" per second; the flags that end the run differ:
//
// - iputils: `-c N` alone stops after N probes (N seconds), printing every reply. Adding `-w`
//   changes `-c` into "stop after N replies", which would cut a duplicate short after N/2 rounds:
//   so no `-w`.
// - BusyBox: `-c N` stops after N probes; `-w N` is a backstop (it ends the run at N s + 0.5 s).
//
// `-b` keeps broadcasting: without it both switch to unicast to the first MAC that answered and
// a second holder of the address would only show once.
//
// Old iputils (the SIGALRM `catcher` design, before the signalfd/timerfd event loop of iputils
// commit 67e070d, 2018-10-27, first released in s20190324) decremented the count as it sent and, in `recv_pack`, ended the run as soon as
// `count == 0 && received == sent`: after the last probe, the first reply that makes replies equal
// probes stops arping. With `-c 1` that is the first holder's reply; a second holder's reply is
// never read. With P >= 2 probes and R >= 2 holders answering each one, replies already number
// (P-1)·R >= P when the last probe goes out, so no later reply makes them equal and every reply is
// read: such a client sends at least two probes per run (a single holder still ends it early,
// which is harmless).

export type ArpingImplementation = "iputils" | "busybox";

export interface ArpingRequest {
  interfaceName: string;
  ip: string;
  /** Probes to send, one per second. */
  count: number;
}

/** The arping found in the LAN client image, as `arping -V` told it. */
export interface ArpingTool {
  implementation: ArpingImplementation;
  /** As printed: `20240905`, `s20161105`, `1.36.1`; undefined when the banner had none. */
  version?: string | undefined;
}

/**
 * First iputils release with the signalfd/timerfd event loop: `git tag --contains 67e070d` in
 * iputils/iputils lists s20190324 as the oldest (s20180629 still has `count--` in its SIGALRM
 * catcher). In that loop `count` is never decremented, so `count == 0 && received == sent` cannot
 * end the run early, and SIGINT/SIGQUIT/SIGTERM are read from a signalfd (arping.c, event_loop).
 * Earlier or unreadable versions are treated as having the early stop: an extra probe costs a
 * second, a missed duplicate costs the test.
 */
export const IPUTILS_FIRST_FULL_READ = 20190324;

/** Whether this arping may stop reading replies at the first answer to its last probe. */
export function stopsAtFirstReplyToLastProbe(tool: ArpingTool): boolean {
  if (tool.implementation !== "iputils") return false;
  const release = iputilsReleaseDate(tool.version);
  return release === undefined || release < IPUTILS_FIRST_FULL_READ;
}

/** `s20161105` / `20240905` / `iputils-ss020927` → yyyymmdd; undefined when unreadable. */
export function iputilsReleaseDate(version: string | undefined): number | undefined {
  const digits = /(\d{8}|\d{6})/.exec(version ?? "")?.[1];
  if (digits === undefined) return undefined;
  return Number(digits.length === 6 ? `20${digits}` : digits);
}

/**
 * Whether the fast mode works with this arping: every run must read all replies until it is told
 * to stop, and stop with its summary when signalled. BusyBox does (SIGINT runs `finish`); iputils
 * since the event loop does (SIGTERM through its signalfd); an old iputils ends at its first reply.
 */
export function canBurst(tool: ArpingTool): boolean {
  return !stopsAtFirstReplyToLastProbe(tool);
}

/** Fewest probes one run must send for every holder's reply to be read (see above). */
export function minimumProbes(tool: ArpingTool): number {
  return stopsAtFirstReplyToLastProbe(tool) ? 2 : 1;
}

export interface ArpingPlan {
  argv: string[];
  /** Probes the run sends: the request's count, raised to `minimumProbes`. */
  probes: number;
}

export function arpingPlan(tool: ArpingTool, request: ArpingRequest): ArpingPlan {
  const probes = Math.max(request.count, minimumProbes(tool));
  return { argv: arpingArgs(tool.implementation, { ...request, count: probes }), probes };
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
