// "Who has <ip>?" asked from the LAN client on its LAN interface, in broadcast mode so every
// holder of the address answers every round. The verdict rests on the parsed replies, never on
// arping's exit code (iputils and BusyBox disagree on it).

import type { NodeInventory } from "../cluster/run-context.ts";
import { EnvironmentError, UsageError } from "../errors.ts";
import { arpingPlan, minimumProbes } from "./arp-arping-command.ts";
import { parseArpingOutput } from "./arp-output-parser.ts";
import { type ArpResponder, type ArpVerdict, arpAnswerOf } from "./arp-verdict.ts";
import type { LanClientExec } from "./lan-client.ts";

export const DEFAULT_ARP_COUNT = 3;
export const DEFAULT_ARP_BUDGET_MS = 5000;
/** arping sends one probe per second. */
export const ARP_PROBE_INTERVAL_MS = 1000;
/** Beyond the rounds themselves: docker exec and arping's own start (measured ~0.1 s here). */
const EXEC_SLACK_MS = 3000;

export interface ArpProbeOptions {
  /** Probes (rounds) to send; capped so that the rounds fit in the budget. */
  count?: number;
  /** The whole probe's budget; a silent address is reported `none` within it. */
  budgetMs?: number;
  /** Maps answering MACs to kind nodes. */
  nodes?: NodeInventory;
}

export interface ArpProbeResult {
  ip: string;
  verdict: ArpVerdict;
  replies: ArpProbeReply[];
  /** Probes arping reports it sent (at least two on an old iputils, see arp-arping-command.ts). */
  sent: number;
  durationMs: number;
  /** The LAN client's interface, and which arping answered for it. */
  interfaceName: string;
  arping: LanClientExec["arping"];
  /** The raw exchange, for reports: command, exit code, stdout, stderr. */
  transcript: ArpTranscript;
}

export interface ArpProbeReply extends ArpResponder {
  /** `count / sent`: about 1 for a holder that answered every probe, whatever the probe count. */
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
  const budgetMs = options.budgetMs ?? DEFAULT_ARP_BUDGET_MS;
  const tool = { implementation: client.arping, version: client.arpingVersion };
  const rounds = arpRoundsFor(options.count ?? DEFAULT_ARP_COUNT, budgetMs, minimumProbes(tool));
  const { argv } = arpingPlan(tool, { interfaceName: client.interfaceName, ip, count: rounds });
  const started = performance.now();
  const outcome = await client.exec(argv, rounds * ARP_PROBE_INTERVAL_MS + EXEC_SLACK_MS);
  const durationMs = Math.round(performance.now() - started);
  const transcript: ArpTranscript = {
    command: argv.join(" "),
    exitCode: outcome.exitCode,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
  };
  const parsed = parseArpingOutput(outcome.stdout);
  if (!parsed.complete) {
    // No header or no summary: arping never ran its rounds (no NET_RAW, no such interface...).
    // That is not "nobody answered" and must not read as a verdict.
    const said = (outcome.stderr || outcome.stdout).trim().split("\n").slice(-3).join(" | ") || "no output";
    throw new EnvironmentError(
      "CC_ENV_ARP_PROBE_FAILED",
      `arping did not run to its end in the LAN client (exit ${outcome.exitCode}: ${said})`,
      {
        hint:
          "the LAN client needs the NET_RAW capability and an interface on the LAN network; run the same command by hand with `docker exec <client> " +
          `${transcript.command}\``,
      },
    );
  }
  const answer = arpAnswerOf(ip, parsed.replies, options.nodes);
  const sent = parsed.sent ?? rounds;
  return {
    ip,
    verdict: answer.verdict,
    replies: answer.replies.map((reply) => ({ ...reply, perProbe: perProbe(reply.count, sent) })),
    sent,
    durationMs,
    interfaceName: client.interfaceName,
    arping: client.arping,
    transcript,
  };
}

/** Replies per probe, to two decimals (0 when nothing was sent). */
export function perProbe(count: number, sent: number): number {
  return sent > 0 ? Math.round((count / sent) * 100) / 100 : 0;
}
