// Run ids name the cluster, the docker network and reports/<run-id>/: sortable by time and
// short enough for kind node names (`cc-<run-id>-control-plane`).

export const RUN_ID_ENV = "CILIUM_CONFORMANCE_RUN_ID";

/** `20261126-203540-a1b2`: UTC time plus 16 random bits. */
export function newRunId(now: Date, random: () => number = Math.random): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, "0");
  return `${date}-${time}-${suffix}`;
}
