// Container log files in the CRI format the kubelet reads (kubernetes/kubernetes
// pkg/kubelet/kuberuntime/logs/logs.go): one line per entry, `<RFC3339Nano time> <stdout|stderr>
// <F|P> <text>` (F a full line, P a partial one), under /var/log/pods/<ns>_<pod>_<uid>/<container>/
// <restartCount>.log. `kubectl logs` options map onto reading them: timestamps, tailLines,
// sinceSeconds/sinceTime, limitBytes.

export interface LogEntry {
  time: string;
  stream: "stdout" | "stderr";
  text: string;
}

/** Go's RFC3339Nano of a millisecond JS date, with nanosecond digits trimmed as Go does. */
export function rfc3339Nano(date: Date, extraNanos = 0): string {
  const iso = date.toISOString();
  const fraction = `${iso.slice(20, 23)}${String(extraNanos).padStart(6, "0")}`.replace(/0+$/, "");
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ""}Z`;
}

export function formatLogLine(entry: LogEntry): string {
  return `${entry.time} ${entry.stream} F ${entry.text}\n`;
}

export function parseLogLine(line: string): LogEntry | undefined {
  const match = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line);
  if (!match) return undefined;
  return { time: match[1] ?? "", stream: match[2] as LogEntry["stream"], text: match[4] ?? "" };
}

export interface LogQuery {
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

/** What `kubectl logs` shows of a log file's text for the query, at `now`. */
export function selectLogLines(fileText: string, query: LogQuery, now: Date): string {
  let entries = fileText
    .split("\n")
    .map(parseLogLine)
    .filter((entry): entry is LogEntry => entry !== undefined);
  const since =
    query.sinceTime !== undefined
      ? Date.parse(query.sinceTime)
      : query.sinceSeconds !== undefined
        ? now.getTime() - query.sinceSeconds * 1000
        : undefined;
  if (since !== undefined) entries = entries.filter((entry) => Date.parse(entry.time) >= since);
  if (query.tailLines !== undefined) entries = query.tailLines === 0 ? [] : entries.slice(-query.tailLines);
  let text = entries.map((entry) => `${query.timestamps ? `${entry.time} ` : ""}${entry.text}\n`).join("");
  if (query.limitBytes !== undefined) text = Buffer.from(text).subarray(0, query.limitBytes).toString("utf8");
  return text;
}
