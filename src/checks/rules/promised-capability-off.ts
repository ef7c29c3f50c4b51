import type { InfraModel, Promises } from "../../repo/infra-model.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { readBoolean } from "../helm-booleans.ts";
import { readKubeProxyReplacement, showValue } from "../helm-values.ts";
import { unlessSetInUnreadLayer } from "../unread-values.ts";

interface BooleanCapability {
  promise: keyof Promises;
  key: string;
  name: string;
  /** What breaks when it is off. */
  effect: string;
  /** A key that must also be on for this one to take effect. */
  needs?: string;
}

const CAPABILITIES: readonly BooleanCapability[] = [
  {
    promise: "l2Announcements",
    key: "l2announcements.enabled",
    name: "L2 announcements",
    effect: "no node answers ARP for LoadBalancer IPs, so nothing on the LAN can reach them",
  },
  {
    promise: "gatewayApi",
    key: "gatewayAPI.enabled",
    name: "Gateway API",
    effect: "the operator ignores Gateways and HTTPRoutes and no GatewayClass `cilium` is created",
  },
  {
    promise: "hubble",
    key: "hubble.enabled",
    name: "Hubble",
    effect: "the agents record no flows, and relay and UI have nothing to show",
  },
  {
    promise: "hubbleRelay",
    key: "hubble.relay.enabled",
    name: "Hubble Relay",
    effect: "`hubble observe` and the UI cannot see flows cluster-wide",
    needs: "hubble.enabled",
  },
  {
    promise: "hubbleUi",
    key: "hubble.ui.enabled",
    name: "Hubble UI",
    effect: "the hubble-ui Service does not exist",
    needs: "hubble.enabled",
  },
];

function promiseSource(model: InfraModel): string {
  return model.config.file ? `${model.config.file} promises` : "the homelab promises (default promises)";
}

export const promisedCapabilityOff: DocumentedRule = {
  id: "promised-capability-off",
  title:
    "Each promised capability (KPR, L2 announcements, Gateway API, Hubble, relay, UI) is on in the values",
  severities: ["error", "warning"],
  why: "A capability the repo promises but does not enable fails only later, in the cluster, with a far less obvious symptom.",
  check(model) {
    const facts = chartFacts(model);
    const compat = facts?.compat;
    const findings: Finding[] = [];
    const promises = model.config.promises;
    if (promises.kubeProxyReplacement && compat) {
      const value = model.values.get("kubeProxyReplacement");
      const reading = readKubeProxyReplacement(value, compat);
      // A form the version rejects is reported by kube-proxy-replacement-form.
      if (reading.accepted && !reading.on) {
        findings.push(
          unlessSetInUnreadLayer(model, ["kubeProxyReplacement"], {
            id: "promised-capability-off",
            severity: "error",
            message: `${promiseSource(model)} kube-proxy replacement, but kubeProxyReplacement is ${model.values.has("kubeProxyReplacement") ? showValue(value) : "unset (chart default false)"}: Services then depend on kube-proxy, and L2 announcements and Gateway API refuse to work. Set \`kubeProxyReplacement: true\` (with k8sServiceHost/k8sServicePort).`,
            ...atValue(model, "kubeProxyReplacement"),
          }),
        );
      }
    }
    for (const capability of CAPABILITIES) {
      if (!promises[capability.promise]) continue;
      const reading = readBoolean(model, compat, capability.key);
      // A string such as "true" is reported by values-schema-types; here only real booleans count.
      if (!reading.isBoolean) continue;
      if (!reading.on) {
        findings.push(
          unlessSetInUnreadLayer(model, [capability.key], {
            id: "promised-capability-off",
            severity: "error",
            message: `${promiseSource(model)} ${capability.name}, but ${capability.key} is ${reading.set ? showValue(reading.value) : "unset (chart default false)"}: ${capability.effect}. Set \`${capability.key}: true\`.`,
            ...atValue(model, capability.key),
          }),
        );
        continue;
      }
      if (capability.needs) {
        const parent = readBoolean(model, compat, capability.needs);
        if (parent.isBoolean && !parent.on) {
          findings.push(
            unlessSetInUnreadLayer(model, [capability.needs], {
              id: "promised-capability-off",
              severity: "error",
              message: `${capability.key} is true but ${capability.needs} is ${showValue(parent.value)}: the chart renders ${capability.name} only when Hubble itself is on, so ${capability.effect}. Set \`${capability.needs}: true\`.`,
              ...atValue(model, capability.needs),
            }),
          );
        }
      }
    }
    return findings;
  },
};
