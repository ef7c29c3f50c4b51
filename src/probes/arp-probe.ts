// "Who has <ip>?" asked from the LAN client on its LAN interface, in broadcast mode so every
// holder of the address answers every probe. The verdict rests on the parsed replies, never on
// arping's exit code (iputils and BusyBox disagree on it). Two modes:
// - burst (default): N probes back to back, one short listen window (arp-burst-command.ts);
// - rounds: one arping run sending one probe per second, kept for an old iputils that stops at
//   its first reply (arp-arping-command.ts) and for watching an answer over several seconds.

import type { NodeInventory } from "../cluster/run-context.ts";
import { EnvironmentError, UsageError } from "../errors.ts";
import { arpingPlan, canBurst, minimumProbes } from "./arp-arping-command.ts";
import { burstArgv, burstCommandText, splitBurstOutput } from "./arp-burst-command.ts";
import { parseArpingOutput } from "./arp-output-parser.ts";
import {
  type ArpAnswer,
  type ArpResponder,
  type ArpVerdict,
  arpAnswerOf,
  arpAnswerOfRuns,
} from "./arp-verdict.ts";
import type { ExecOutcome, LanClientExec } from "./lan-client.ts";

export type ArpProbeMode = "burst" | "rounds";

export const DEFAULT_ARP_COUNT = 3;
export const DEFAULT_ARP_BUDGET_MS = 5000;
/**
 * How long a burst listens after starting its probes. A reply on a bridge, Cilium's L2 responder
 * included, comes within a millisecond; a LAN device may take a few: 300 ms leaves two orders of
 * magnitude for a second responder to show up, and keeps the whole verdict under a second.
 */
export const DEFAULT_ARP_LISTEN_MS = 300;
/** In rounds, arping sends one probe per second. */
export const ARP_PROBE_INTERVAL_MS = 1000;
/**
 * Beyond the probes themselves: docker exec and arping's own start (measured ~0.1 s here), and in a
 * burst the one second an arping that missed the stop signal runs on by itself.
 */
const EXEC_SLACK_MS = 3000;

export interface ArpProbeOptions {
  /** Probes to send: back to back in a burst; one per second in rounds (capped by the budget). */
  count?: number;
  /** The whole probe's budget; a silent address is reported `none` within it. */
  budgetMs?: number;
  /** Burst: how long every run listens (default DEFAULT_ARP_LISTEN_MS). */
  listenMs?: number;
  /** Default: burst, or rounds when the client's arping cannot burst (an old iputils). */
  mode?: ArpProbeMode;
  /** Maps answering MACs to kind nodes. */
  nodes?: NodeInventory;
}

export interface ArpProbeResult {
  ip: string;
  verdict: ArpVerdict;
  replies: ArpProbeReply[];
  /** Probes arping reports it sent (at least two on an old iputils, see arp-arping-command.ts). */
  sent: number;
  mode: ArpProbeMode;
  durationMs: number;
  /** The LAN client's interface, and which arping answered for it. */
  interfaceName: string;
  arping: LanClientExec["arping"];
  /** The raw exchange, for reports: command, exit code, stdout, stderr. */
  transcript: ArpTranscript;
}

export interface ArpProbeReply extends ArpResponder {
  /**
   * `count / sent`: about 1 for a holder that answered every probe, whatever the probe count. In a
   * burst, `count` is the number of runs that heard this MAC (each run sends one probe).
   */
  perProbe: number;
}

export interface ArpTranscript {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * How many one-second rounds fit in the budget (at least `minimum`, at most `count` unless the
 * minimum is higher): `minimum` is 2 on an arping that needs two probes to read every reply.
 */
export function arpRoundsFor(count: number, budgetMs: number, minimum = 1): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new UsageError(`the ARP probe count must be a whole number of at least 1 (got ${count})`);
  }
  if (budgetMs < minimum * ARP_PROBE_INTERVAL_MS) {
    throw new UsageError(
      `the ARP probe budget must be at least ${minimum}s, as arping sends one probe per second${minimum > 1 ? ` and this one needs ${minimum} probes to read every reply` : ""} (got ${budgetMs} ms)`,
    );
  }
  return Math.max(minimum, Math.min(count, Math.floor(budgetMs / ARP_PROBE_INTERVAL_MS)));
}

export async function probeArp(
  client: LanClientExec,
  ip: string,
  options: ArpProbeOptions = {},
): Promise<ArpProbeResult> {
  const tool = { implementation: client.arping, version: client.arpingVersion };
  const mode = options.mode ?? (canBurst(tool) ? "burst" : "rounds");
  if (mode === "burst" && !canBurst(tool)) {
    throw new UsageError(
      `the LAN client's arping (iputils ${client.arpingVersion ?? "of unknown version"}) stops at its first reply, so a burst would miss a second holder`,
      {
        hint: "probe in rounds (one probe per second), or use a LAN client image with BusyBox or iputils >= s20190324",
      },
    );
  }
  const probe = mode === "burst" ? burstProbe(client, ip, options) : roundsProbe(client, ip, options);
  const started = performance.now();
  const outcome = await client.exec(probe.argv, probe.timeoutMs);
  const durationMs = Math.round(performance.now() - started);
  const transcript: ArpTranscript = {
    command: probe.command,
    exitCode: outcome.exitCode,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
  };
  const { answer, sent } = probe.read(outcome);
  return {
    ip,
    verdict: answer.verdict,
    replies: answer.replies.map((reply) => ({ ...reply, perProbe: perProbe(reply.count, sent) })),
    sent,
    mode,
    durationMs,
    interfaceName: client.interfaceName,
    arping: client.arping,
    transcript,
  };
}

interface PlannedProbe {
  argv: string[];
  command: string;
  timeoutMs: number;
  read(outcome: ExecOutcome): { answer: ArpAnswer; sent: number };
}

function burstProbe(client: LanClientExec, ip: string, options: ArpProbeOptions): PlannedProbe {
  const probes = options.count ?? DEFAULT_ARP_COUNT;
  const listenMs = options.listenMs ?? DEFAULT_ARP_LISTEN_MS;
  const budgetMs = options.budgetMs ?? DEFAULT_ARP_BUDGET_MS;
  if (!Number.isInteger(probes) || probes < 1 || probes > 20) {
    throw new UsageError(`the ARP probe count must be a whole number from 1 to 20 (got ${probes})`);
  }
  if (!(listenMs > 0) || listenMs > budgetMs) {
    throw new UsageError(
      `the ARP listen window must be more than 0 and at most the probe's budget of ${budgetMs} ms (got ${listenMs} ms)`,
    );
  }
  const request = { interfaceName: client.interfaceName, ip, probes, listenMs };
  return {
    argv: burstArgv(client.arping, request),
    command: burstCommandText(client.arping, request),
    timeoutMs: Math.max(listenMs, ARP_PROBE_INTERVAL_MS) + EXEC_SLACK_MS,
    read(outcome) {
      const outputs = splitBurstOutput(outcome.stdout).map((run) => run.output);
      const runs = outputs.map(parseArpingOutput);
      const broken = runs.findIndex((run) => !run.complete);
      if (runs.length !== probes || broken >= 0) {
        const byHand = `arping -b -c 1 -I ${client.interfaceName} ${ip}`;
        throw notRunToItsEnd(outcome, byHand, outputs[broken]);
      }
      const sent = runs.reduce((sum, run) => sum + (run.sent ?? 0), 0);
      return {
        answer: arpAnswerOfRuns(
          ip,
          runs.map((run) => run.replies),
          options.nodes,
        ),
        sent,
      };
    },
  };
}

function roundsProbe(client: LanClientExec, ip: string, options: ArpProbeOptions): PlannedProbe {
  const budgetMs = options.budgetMs ?? DEFAULT_ARP_BUDGET_MS;
  const tool = { implementation: client.arping, version: client.arpingVersion };
  const rounds = arpRoundsFor(options.count ?? DEFAULT_ARP_COUNT, budgetMs, minimumProbes(tool));
  const { argv } = arpingPlan(tool, { interfaceName: client.interfaceName, ip, count: rounds });
  return {
    argv,
    command: argv.join(" "),
    timeoutMs: rounds * ARP_PROBE_INTERVAL_MS + EXEC_SLACK_MS,
    read(outcome) {
      const parsed = parseArpingOutput(outcome.stdout);
      if (!parsed.complete) throw notRunToItsEnd(outcome, argv.join(" "));
      return { answer: arpAnswerOf(ip, parsed.replies, options.nodes), sent: parsed.sent ?? rounds };
    },
  };
}

/**
 * No header or no summary: arping never ran its probes (no NET_RAW, no such interface, no /tmp
 * for a burst...). That is not "nobody answered" and must not read as a verdict.
 */
function notRunToItsEnd(outcome: ExecOutcome, byHand: string, runOutput?: string): EnvironmentError {
  const said =
    (outcome.stderr || runOutput || outcome.stdout).trim().split("\n").slice(-3).join(" | ") || "no output";
  return new EnvironmentError(
    "CC_ENV_ARP_PROBE_FAILED",
    `arping did not run to its end in the LAN client (exit ${outcome.exitCode}: ${said})`,
    {
      hint: `the LAN client needs the NET_RAW capability, an interface on the LAN network and a writable /tmp; run it by hand with \`docker exec <client> ${byHand}\``,
    },
  );
}

/** Replies per probe, to two decimals (0 when nothing was sent). */
export function perProbe(count: number, sent: number): number {
  return sent > 0 ? Math.round((count / sent) * 100) / 100 : 0;
}
