// Backend selection: bpf-lb-algorithm "random" (Cilium's default; pkg/loadbalancer): each new
// connection or UDP flow picks one backend uniformly.

import type { Backend } from "./service-frontends.ts";

export function pickBackend(
  backends: readonly Backend[],
  random: () => number = Math.random,
): Backend | undefined {
  if (backends.length === 0) return undefined;
  return backends[Math.min(backends.length - 1, Math.floor(random() * backends.length))];
}
