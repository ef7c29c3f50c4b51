// What the exec channel's final status message means. The kubelet reports a clean exit as
// `status: Success`, a non-zero exit as `Failure` reason `NonZeroExitCode` with the number in
// `details.causes[{reason: ExitCode}]`, and anything else (no such container, binary not found)
// as a Failure without an exit code.

export interface ExecStatusMessage {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

export type ExecOutcome = { exitCode: number } | { error: string };

export function execOutcome(status: ExecStatusMessage): ExecOutcome {
  if (status.status === "Success") return { exitCode: 0 };
  if (status.reason === "NonZeroExitCode") {
    const cause = status.details?.causes?.find((candidate) => candidate.reason === "ExitCode");
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { exitCode: code };
  }
  return { error: status.message ?? `exec failed (${status.reason ?? "no reason given"})` };
}
