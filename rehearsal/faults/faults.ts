// Which faults this run of the double injects (issue 12). `CC_REHEARSAL_FAULTS` holds their names,
// comma-separated; rehearse.ts sets it from `--fault`, the fake kind passes it into every node
// container's env, the kubelet double into every pod's, and the fake cilium CLI reads its own.
// A component asks `hasFault("name")` where the fault changes its behaviour — never the harness.

export const FAULTS_ENV = "CC_REHEARSAL_FAULTS";

export function activeFaults(env: Record<string, string | undefined> = process.env): string[] {
  return (env[FAULTS_ENV] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

export function hasFault(name: string, env: Record<string, string | undefined> = process.env): boolean {
  return activeFaults(env).includes(name);
}

/** The env entry that carries the active faults on (empty when none: nothing is set). */
export function faultsEnv(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const faults = activeFaults(env);
  return faults.length > 0 ? { [FAULTS_ENV]: faults.join(",") } : {};
}
