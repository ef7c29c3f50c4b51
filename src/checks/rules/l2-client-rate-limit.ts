import { parseGoDuration } from "../../go/go-duration.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import { atValue } from "../finding-location.ts";
import { readBoolean } from "../helm-booleans.ts";
import { l2AnnouncedServices } from "../lb-services.ts";

export const l2ClientRateLimit: DocumentedRule = {
  id: "l2-client-rate-limit",
  title:
    "The agent's API client rate limit is sized for the L2 leases (QPS ≈ announced services / renewDeadline)",
  severities: ["warning"],
  why: "Every announced Service renews a Lease each renewDeadline; a throttled agent misses renewals and the announcing node flaps, which looks like random packet loss.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts || !readBoolean(model, facts.compat, "l2announcements.enabled").on) return [];
    const compat = facts.compat;
    const renewValue = model.values.get("l2announcements.leaseRenewDeadline");
    const renewMs =
      (typeof renewValue === "string" ? parseGoDuration(renewValue) : undefined) ??
      parseGoDuration(compat.l2LeaseDefaults.value.leaseRenewDeadline) ??
      5000;
    const renewSeconds = Math.max(renewMs / 1000, 0.001);
    const gateways = model.gateways.length;
    const services = l2AnnouncedServices(model).length;
    const leaseQps = (gateways + services) / renewSeconds;
    const defaults = compat.k8sClientRateLimitDefault.value;
    const suggestedQps = defaults.qps + Math.max(1, Math.ceil(leaseQps));
    const suggestion = `\`k8sClientRateLimit: { qps: ${suggestedQps}, burst: ${suggestedQps * 2} }\``;
    const counted = `${gateways} Gateway${gateways === 1 ? "" : "s"} (each gets a LoadBalancer Service) and ${services} LoadBalancer Service${services === 1 ? "" : "s"} in the repo, plus any announced Services created outside it`;
    const qps = model.values.get("k8sClientRateLimit.qps");
    const burst = model.values.get("k8sClientRateLimit.burst");
    if (qps === undefined || qps === null) {
      const older = defaults.beforeKubernetes127
        ? ` (${defaults.beforeKubernetes127.qps}/${defaults.beforeKubernetes127.burst} on Kubernetes before 1.27)`
        : "";
      return [
        {
          id: "l2-client-rate-limit",
          severity: "warning",
          message: `L2 announcements are on but k8sClientRateLimit is left at the chart default of ${defaults.qps} QPS / ${defaults.burst} burst${older}, shared with all other agent API traffic. Each announced Service renews its Lease every ${renewSeconds}s: ${counted} need ≈ ${formatQps(leaseQps)} QPS for leases alone, and a throttled agent loses leases and flaps announcements. Size it for the services you will have, e.g. ${suggestion}.`,
          ...atValue(model, "l2announcements.enabled"),
        },
      ];
    }
    if (typeof qps === "number" && qps < defaults.qps + leaseQps) {
      return [
        {
          id: "l2-client-rate-limit",
          severity: "warning",
          message: `k8sClientRateLimit.qps is ${qps}: ${counted} need ≈ ${formatQps(leaseQps)} QPS for lease renewals (every ${renewSeconds}s) on top of the agent's normal traffic (the default budget alone is ${defaults.qps}). Raise it, e.g. ${suggestion}.`,
          ...atValue(model, "k8sClientRateLimit.qps"),
        },
      ];
    }
    if (typeof qps === "number" && typeof burst === "number" && burst < qps) {
      return [
        {
          id: "l2-client-rate-limit",
          severity: "warning",
          message: `k8sClientRateLimit.burst (${burst}) is below qps (${qps}): the burst caps every request spike, so the effective limit is lower than qps suggests and lease renewals queue behind other requests. Set \`burst: ${qps * 2}\`.`,
          ...atValue(model, "k8sClientRateLimit.burst"),
        },
      ];
    }
    return [];
  },
};

function formatQps(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
