// Log lines in Cilium's logfmt style (logrus/slog text handlers: time=… level=… msg="…" then
// key=value fields), which `kubectl logs`, sysdumps and `cilium connectivity test`'s log check
// read: that check fails on level=error (and level=warn from 1.17), so the double logs at the
// level the real component uses for the same event.

export type LogLevel = "debug" | "info" | "warn" | "error" | "fatal";

function quote(value: string): string {
  return /^[A-Za-z0-9_./:@+-]+$/.test(value) ? value : JSON.stringify(value);
}

export function logLine(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> = {},
  now = new Date(),
): string {
  const parts = [`time=${now.toISOString()}`, `level=${level}`, `msg=${JSON.stringify(message)}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(
      `${key}=${quote(typeof value === "string" ? value : value instanceof Error ? value.message : JSON.stringify(value))}`,
    );
  }
  return parts.join(" ");
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  base: Record<string, unknown> = {},
): Logger {
  const emit =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(logLine(level, message, { ...base, ...fields }));
  return {
    debug: () => {},
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    with: (fields) => createLogger(write, { ...base, ...fields }),
  };
}
