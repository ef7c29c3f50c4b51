// `kubeProxyReplacement` forms: 1.16 dropped `strict`/`partial`/`disabled` (only true/false).

import { readKubeProxyReplacement, showValue } from "../checks/helm-values.ts";
import type { UpgradeSides } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

const BOOLEAN_FORM: Record<string, string> = { strict: "true", partial: "false", disabled: "false" };

export function kubeProxyReplacementFindings({ model, current, candidate }: UpgradeSides): UpgradeFinding[] {
  if (!model.values.has("kubeProxyReplacement")) return [];
  const value = model.values.get("kubeProxyReplacement");
  const now = readKubeProxyReplacement(value, current.compat);
  const next = readKubeProxyReplacement(value, candidate.compat);
  if (next.accepted) return [];
  const replacement = BOOLEAN_FORM[next.text] ?? "true";
  return [
    {
      id: "upgrade-kube-proxy-replacement-form",
      category: "kube-proxy-replacement",
      severity: "error",
      message: `kubeProxyReplacement: ${showValue(value)} is ${now.accepted ? `accepted by ${current.version.text} but` : "not accepted by either version, and"} chart ${candidate.version.text} accepts only ${candidate.compat.kubeProxyReplacementForms.value.join(" or ")}: the agent refuses to start. Write \`kubeProxyReplacement: ${replacement}\`${next.text === "partial" ? " and enable the individual features you used" : ""}.`,
      ...model.values.locate("kubeProxyReplacement"),
    },
  ];
}
