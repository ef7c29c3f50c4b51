// `cilium status [--wait [--wait-duration D] [--ignore-warnings]] [--interactive=false] [-o json]`
// (cli/status.go, status/k8s.go Status): collect until ready when waiting — every 2 s, redrawing
// the summary when interactive — and print the last summary. A wait that runs out prints that
// summary on stderr and fails with "Unable to determine status: timeout while waiting for status
// to become successful: context deadline exceeded"; collection errors fail the command too.

import { CliError, type CliSession, FatalError } from "../cli-session.ts";
import { type FlagSpec, flagOf } from "../command-line.ts";
import { collectStatus } from "./status-collector.ts";
import type { Status } from "./status-model.ts";

export const STATUS_FLAGS: FlagSpec[] = [
  { name: "wait", kind: "bool" },
  { name: "wait-duration", kind: "duration" },
  { name: "ignore-warnings", kind: "bool" },
  { name: "worker-count", kind: "int" },
  { name: "output", short: "o", kind: "string" },
  { name: "interactive", kind: "bool" },
  { name: "verbose", kind: "bool" },
];

const WAIT_RETRY_INTERVAL_MS = 2000;

export async function statusCommand(session: CliSession): Promise<number> {
  const { io, parsed } = session;
  const wait = flagOf(parsed, "wait", false);
  const ignoreWarnings = flagOf(parsed, "ignore-warnings", false);
  const interactive = flagOf(parsed, "interactive", true);
  const output = flagOf(parsed, "output", "summary");
  const budget = flagOf(parsed, "wait-duration", 300_000) || 300_000;
  const deadline = io.now().getTime() + budget;
  let latest: Status | undefined;
  let shownLines = 0;
  for (;;) {
    if (io.now().getTime() >= deadline) {
      io.stderr(latest?.format() ?? "");
      throw new FatalError(
        "Unable to determine status:  timeout while waiting for status to become successful: context deadline exceeded",
      );
    }
    latest = await collectStatus(session, io.now());
    if (wait && !latest.isReady(ignoreWarnings)) {
      await io.sleep(WAIT_RETRY_INTERVAL_MS);
      if (output === "summary" && interactive) {
        const text = latest.format();
        io.stdout("\x1b[A\x1b[2K".repeat(shownLines));
        shownLines = text.split("\n").length;
        io.stdout(text);
      }
      continue;
    }
    io.stdout("\x1b[A\x1b[2K".repeat(shownLines));
    break;
  }
  if (output === "json") io.stdout(`${JSON.stringify(jsonOf(latest), null, " ")}\n`);
  else io.stdout(latest.format());
  if (latest.collectionErrors.length > 0)
    throw new CliError(`status check failed: [${latest.collectionErrors.join(", ")}]`);
  return 0;
}

function jsonOf(status: Status): Record<string, unknown> {
  const record = <T>(map: Map<string, T>, convert: (value: T) => unknown = (value) => value) =>
    Object.fromEntries([...map].map(([key, value]) => [key, convert(value)]));
  return {
    image_count: record(status.imageCount, (images) => Object.fromEntries(images)),
    phase_count: record(status.phaseCount, (phases) => Object.fromEntries(phases)),
    pod_state: record(status.podState, (state) => ({
      Type: state.type,
      Desired: state.desired,
      Ready: state.ready,
      Available: state.available,
      Unavailable: state.unavailable,
    })),
    pods_count: { all: status.podsCount.all, by_cilium: status.podsCount.byCilium },
    errors: record(status.errors, (pods) =>
      record(pods, (entry) => ({ Errors: entry.errors, Warnings: entry.warnings, Disabled: entry.disabled })),
    ),
    ...(status.collectionErrors.length > 0 ? { collection_errors: status.collectionErrors } : {}),
    ...(status.helmChartVersion ? { helm_chart_version: status.helmChartVersion } : {}),
    ...(status.configErrors.length > 0 ? { config_errors: status.configErrors } : {}),
  };
}
