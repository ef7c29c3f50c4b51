import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import { atValue } from "../finding-location.ts";
import { readKubeProxyReplacement, showValue } from "../helm-values.ts";

export const kubeProxyReplacementForm: DocumentedRule = {
  id: "kube-proxy-replacement-form",
  title: "`kubeProxyReplacement` has a form the pinned version accepts (1.16+: only true/false)",
  severities: ["error"],
  why: "From 1.16 the agent rejects `strict`, `partial` and `disabled` and does not start, so the node has no networking at all.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts || !model.values.has("kubeProxyReplacement")) return [];
    const value = model.values.get("kubeProxyReplacement");
    const reading = readKubeProxyReplacement(value, facts.compat);
    if (reading.accepted) return [];
    const forms = facts.compat.kubeProxyReplacementForms.value.join(", ");
    const legacyOn = reading.text === "strict";
    const fix = legacyOn
      ? "`kubeProxyReplacement: true` (what `strict` meant)"
      : reading.text === "disabled" || reading.text === "partial"
        ? "`kubeProxyReplacement: false`, or `true` for full replacement"
        : "`kubeProxyReplacement: true` or `false`";
    return [
      {
        id: "kube-proxy-replacement-form",
        severity: "error",
        message: `kubeProxyReplacement is ${showValue(value)}, which Cilium ${facts.version.text} does not accept (it takes ${forms}): the agent fails its configuration check at start-up and the node gets no pod networking. Set ${fix}.`,
        ...atValue(model, "kubeProxyReplacement"),
      },
    ];
  },
};
