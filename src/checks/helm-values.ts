// Reading Helm values the way the chart's Go templates read them.
import type { CiliumCompat } from "../compat/compat-types.ts";
import { quoteExcerpt } from "../repo/quote-excerpt.ts";

/**
 * Go template truthiness (`{{ if .Values.x }}`): false, 0, "", null and empty maps/lists are
 * false; everything else, including the string "false", is true.
 */
export function goTemplateTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** The value as a user would read it in YAML: `true`, `"true"`, `2.5`. */
export function showValue(value: unknown): string {
  if (value === undefined) return "(unset)";
  return quoteExcerpt(value);
}

export interface KubeProxyReplacementReading {
  /** The value as text ("true", "strict"); the chart's default "false" when unset. */
  text: string;
  /** Whether this chart version accepts the form. */
  accepted: boolean;
  /** Whether it turns full kube-proxy replacement on. */
  on: boolean;
}

/** `kubeProxyReplacement`: booleans and strings are both written; 1.15 also knew strict/partial/disabled. */
export function readKubeProxyReplacement(value: unknown, compat: CiliumCompat): KubeProxyReplacementReading {
  const text = value === undefined || value === null ? "false" : String(value);
  const accepted = compat.kubeProxyReplacementForms.value.includes(text);
  return { text, accepted, on: accepted && (text === "true" || text === "strict") };
}
