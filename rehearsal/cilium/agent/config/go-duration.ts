// Go's time.ParseDuration, which the agent's viper config uses for every duration option
// ("15s", "1m30s", "500ms", "1.5h"; a bare "0" is allowed; units ns, us/µs, ms, s, m, h).

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds, or undefined when Go would refuse the text. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "0" || trimmed === "+0" || trimmed === "-0") return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(trimmed);
  if (!match) return undefined;
  let total = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2]!] ?? Number.NaN);
  }
  return match[1] === "-" ? -total : total;
}
