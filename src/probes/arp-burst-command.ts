// The fast ARP probe ("burst"): N arping runs started back to back, each sending its one broadcast
// "who-has" at once and listening, then all stopped together after one short window. One exec in
// the LAN client, one shell script; each run writes to its own file and the script prints them
// one after the other, each under a marker line, so every run's output is read apart.
//
// Why N runs and not `arping -c N`: both arpings send one probe per second. BusyBox's `catcher`
// sends and re-arms `alarm(1)`, and sends only when 0.5 s passed since the last probe; iputils'
// event loop sends on a timerfd of `-i` whole seconds (1 by default). A second holder of the address
// answers the same broadcast within microseconds on a bridge, so one window after the first probe
// sees it; more probes guard against one lost packet.
//
// Why each run listens: a run reads the replies to its own probe for sure (it binds its packet
// socket before it sends), and the replies to the others' probes when it is up by then. Both
// implementations accept a reply to another run's probe: BusyBox's `recv_pack` checks the sender
// IP, our IP and our MAC, not which packet asked; so does iputils'. A MAC heard by any run answered.
//
// How they stop (the window ends before either arping's own one-second end):
// - BusyBox (mirror/busybox networking/arping.c, `signal_SA_RESTART_empty_mask(SIGINT, finish)`):
//   SIGINT prints the summary and exits; SIGTERM would kill it without one. Its handler is
//   installed with sigaction, so it works although a non-interactive shell starts background jobs
//   with SIGINT ignored.
// - iputils (iputils/iputils arping.c, event_loop): SIGINT, SIGQUIT and SIGTERM are blocked and read
//   from a signalfd, then `finish` prints the summary. An ignored signal is discarded before any
//   signalfd sees it, so background jobs get SIGTERM, which the shell leaves alone.
// A run the signal misses (still starting up) ends by itself after one second: slower, still right.

import type { ArpingImplementation } from "./arp-arping-command.ts";

export const BURST_MARKER = "== cc-arping";

// $1 interface, $2 address, $3 runs, $4 window in seconds, $5 stop signal.
const BURST_SCRIPT = [
  'd="/tmp/cc-arp.$$"',
  'rm -rf "$d" && mkdir "$d" || { echo "cannot create $d" >&2; exit 125; }',
  "pids=",
  "i=1",
  'while [ "$i" -le "$3" ]; do',
  '  arping -b -c 1 -I "$1" "$2" >"$d/$i" 2>&1 &',
  '  pids="$pids $!"',
  "  i=$((i + 1))",
  "done",
  'sleep "$4"',
  'kill -"$5" $pids 2>/dev/null',
  "wait",
  "i=1",
  'while [ "$i" -le "$3" ]; do',
  `  echo "${BURST_MARKER} $i"`,
  '  cat "$d/$i"',
  "  i=$((i + 1))",
  "done",
  'rm -rf "$d"',
].join("\n");

export interface BurstRequest {
  interfaceName: string;
  ip: string;
  /** arping runs, each sending one probe. */
  probes: number;
  /** How long after starting them every run keeps listening. */
  listenMs: number;
}

/** The signal that makes this arping print its summary and exit (see above). */
export function burstStopSignal(implementation: ArpingImplementation): "INT" | "TERM" {
  return implementation === "busybox" ? "INT" : "TERM";
}

export function burstArgv(implementation: ArpingImplementation, request: BurstRequest): string[] {
  return [
    "sh",
    "-c",
    BURST_SCRIPT,
    "sh",
    request.interfaceName,
    request.ip,
    String(request.probes),
    (request.listenMs / 1000).toFixed(3),
    burstStopSignal(implementation),
  ];
}

/** The command as a person would paste it into `docker exec <client>`, for reports. */
export function burstCommandText(implementation: ArpingImplementation, request: BurstRequest): string {
  const runs = `${request.probes} × \`arping -b -c 1 -I ${request.interfaceName} ${request.ip}\``;
  return `${runs} at once, stopped with SIG${burstStopSignal(implementation)} after ${request.listenMs} ms`;
}

export interface BurstRun {
  /** 1-based, in start order. */
  index: number;
  /** What that arping printed (stdout and stderr). */
  output: string;
}

/** Splits the script's output into the runs' outputs; text before the first marker is dropped. */
export function splitBurstOutput(stdout: string): BurstRun[] {
  const runs: BurstRun[] = [];
  let current: { index: number; lines: string[] } | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const marker = line.startsWith(`${BURST_MARKER} `) ? Number(line.slice(BURST_MARKER.length + 1)) : NaN;
    if (Number.isInteger(marker)) {
      if (current) runs.push({ index: current.index, output: current.lines.join("\n") });
      current = { index: marker, lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  if (current) runs.push({ index: current.index, output: current.lines.join("\n") });
  return runs;
}
