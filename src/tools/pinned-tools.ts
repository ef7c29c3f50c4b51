// The tool versions the harness is built and tested against. scripts/install-tools.sh carries
// the same pins (a test keeps the two in step).

export interface ToolPin {
  /** Version installed by scripts/install-tools.sh. */
  pinned: string;
  /** Oldest version the harness accepts, and why that one. */
  minimum: string;
  minimumReason: string;
}

export const toolPins = {
  kind: {
    pinned: "v0.31.0",
    minimum: "v0.31.0",
    minimumReason: "the pinned node image (Kubernetes v1.35, cgroup v2 only) is built for kind v0.31.0",
  },
  cilium: {
    pinned: "v0.19.7",
    minimum: "v0.19.3",
    minimumReason:
      "`cilium connectivity test` takes `--exit-zero-on-failure` and `--log-check-only-test-time` from v0.19.3, and the harness always passes both",
  },
} as const satisfies Record<string, ToolPin>;

/** Parses `v1.2.3` / `1.2.3` (ignores pre-release suffixes) into numbers. */
export function parseToolVersion(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Whether `version` is at least `minimum`; false when either does not parse. */
export function isAtLeast(version: string, minimum: string): boolean {
  const have = parseToolVersion(version);
  const need = parseToolVersion(minimum);
  if (!have || !need) return false;
  for (let i = 0; i < 3; i += 1) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
