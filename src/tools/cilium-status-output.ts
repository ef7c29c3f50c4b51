// Reads the warnings out of `cilium status`' summary. Its layout (cilium-cli status/status.go
// Format, v0.19.7): a tabwriter table (padding 4) whose "Warnings:" section has one line per
// warning — `<header>  <deployment>  <pod>  <message>` — with the header only on the first line,
// followed by a "Configuration:" section or the end.

export interface StatusWarning {
  component: string;
  pod: string;
  message: string;
}

const SECTION = /^[A-Z][A-Za-z ]*:(\s|$)/;
const COLUMN_GAP = /\s{4,}/;

export function ciliumStatusWarnings(output: string): StatusWarning[] {
  const warnings: StatusWarning[] = [];
  let inside = false;
  for (const raw of output.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (line.startsWith("Warnings:")) {
      inside = true;
      const entry = parseEntry(line.slice("Warnings:".length));
      if (entry) warnings.push(entry);
      continue;
    }
    if (!inside) continue;
    if (line === "" || SECTION.test(line)) break;
    const entry = parseEntry(line);
    if (entry) warnings.push(entry);
  }
  return warnings;
}

function parseEntry(text: string): StatusWarning | undefined {
  const [component, pod, ...message] = text.trim().split(COLUMN_GAP);
  if (!component || !pod || message.length === 0) return undefined;
  return { component, pod, message: message.join("    ") };
}

/**
 * `cilium status --ignore-warnings` passes with warnings (a pod still pending, endpoints not yet
 * ready, a degraded module): they go into the report as notes, the rollout wait that follows
 * fails on the ones that matter.
 */
export function statusWarningNotes(stdout: string): string[] {
  const warnings = ciliumStatusWarnings(stdout);
  if (warnings.length === 0) return [];
  const shown = warnings.slice(0, 5).map((w) => `${w.component}/${w.pod}: ${w.message}`);
  const more = warnings.length > shown.length ? ` (+${warnings.length - shown.length} more)` : "";
  return [
    `cilium status passed with ${warnings.length} warning(s), not fatal (--ignore-warnings): ${shown.join("; ")}${more}`,
  ];
}
