// A duration value as the Cilium agent reads it from its ConfigMap. The chart renders
// `l2announcements.lease*` only when the value is truthy (`{{- if .Values.l2announcements.leaseDuration }}`
// then `| quote`, install/kubernetes/cilium/templates/cilium-configmap.yaml), and the agent first
// validates every ConfigMap value with spf13/cast's ToDurationE (pkg/option/config.go
// validateConfigMap: a value it cannot read stops the agent, "Incorrect config-map flag value"),
// which reads a value without any of the letters "nsuµmh" as nanoseconds (`15` is 15ns;
// github.com/spf13/cast time.go ToDurationE, as vendored by cilium-cli v0.19.7).

import { parseGoDuration } from "./go-duration.ts";

export type AgentDuration =
  /** The chart leaves the key out (0, "", false, null): the agent uses its flag's default. */
  | { kind: "default" }
  | { kind: "ms"; ms: number; text: string; unitless: boolean }
  | { kind: "unreadable"; text: string };

export function agentDuration(value: unknown): AgentDuration {
  if (value === undefined || value === null || value === false || value === 0 || value === "") {
    return { kind: "default" };
  }
  const text = String(value);
  const unitless = !/[nsuµmh]/.test(text);
  const ms = parseGoDuration(unitless ? `${text}ns` : text);
  return ms === undefined ? { kind: "unreadable", text } : { kind: "ms", ms, text, unitless };
}
