// Headless Chromium (Debian's `chromium`, installed by scripts/setup.sh) for the tests and scripts
// that check what a person would see: a rendered DOM or a screenshot of a page, with networking
// cut down to nothing (no background requests, every host name unresolvable).

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const CHROMIUM = process.env.CHROMIUM_BIN ?? "chromium";

/** Throws (the test fails, it does not skip) when Chromium is not installed. */
export async function requireChromium(): Promise<void> {
  try {
    await promisify(execFile)(CHROMIUM, ["--version"], { timeout: 30_000 });
  } catch {
    throw new Error(
      `headless Chromium (${CHROMIUM}) is not installed: run scripts/setup.sh (apt-get install chromium) or set CHROMIUM_BIN`,
    );
  }
}

async function chromium(args: readonly string[], timeoutMs: number): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), "cc-chromium-"));
  try {
    const { stdout } = await promisify(execFile)(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        // Nothing resolves: the page cannot reach anything even if it tried.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The page's DOM after its scripts ran for `virtualTimeMs` of (virtual) time. */
export function renderedDom(url: string, virtualTimeMs = 10_000, timeoutMs = 120_000): Promise<string> {
  return chromium([`--virtual-time-budget=${virtualTimeMs}`, "--dump-dom", url], timeoutMs);
}

export async function screenshot(
  url: string,
  file: string,
  options: { width?: number; height?: number; virtualTimeMs?: number } = {},
): Promise<void> {
  await chromium(
    [
      `--screenshot=${file}`,
      `--window-size=${options.width ?? 1400},${options.height ?? 1000}`,
      `--virtual-time-budget=${options.virtualTimeMs ?? 10_000}`,
      "--hide-scrollbars",
      url,
    ],
    120_000,
  );
}
