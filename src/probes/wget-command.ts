// One HTTP GET from inside a container (a pod, the LAN client) with BusyBox's wget, bounded by
// BusyBox's `timeout` applet rather than wget's own `-T`: BusyBox builds without
// FEATURE_WGET_TIMEOUT still accept `-T` and crash on it (SIGSEGV, exit 139) — Debian's
// busybox-static before 1.36.1-5 is such a build (Debian's busybox packaging enabled the feature
// in that revision), and the offline LAN client image is made from the host's busybox-static.
// `timeout` is in every BusyBox build the harness uses (docker.io/library/busybox and Debian's).

import { oneLine } from "../text/one-line.ts";

export interface WgetCommandOptions {
  /** Whole-request bound in seconds (connect and body). */
  timeoutSeconds: number;
}

/** What the suites' HTTP looks from a pod or the LAN client use: each gives up after 5 s. */
export const SUITE_WGET: WgetCommandOptions = { timeoutSeconds: 5 };

export function wgetCommand(url: string, options: WgetCommandOptions): string[] {
  return ["timeout", String(options.timeoutSeconds), "wget", "-q", "-O", "-", url];
}

/** `wget exit N: <why>` for a failure: what the exit code means and what wget said. */
export function describeWgetExit(exitCode: number, output: string, options: WgetCommandOptions): string {
  const said = oneLine(output, 200);
  const meaning = exitMeaning(exitCode, options.timeoutSeconds);
  const parts = [meaning, said].filter((part) => part.length > 0);
  return `wget exit ${exitCode}${parts.length > 0 ? `: ${parts.join(" — ")}` : ""}`;
}

function exitMeaning(exitCode: number, timeoutSeconds: number): string {
  // BusyBox timeout sends SIGTERM: the shell-style status is 128 + 15.
  if (exitCode === 143) return `no answer within ${timeoutSeconds} s (timeout stopped wget)`;
  if (exitCode === 137) return "wget was killed (SIGKILL)";
  if (exitCode === 139) return "wget crashed (SIGSEGV)";
  if (exitCode === 127) return "no wget or timeout in the container";
  return "";
}
