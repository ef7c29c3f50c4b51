// The LoadBalancer Services the LB-IPAM suite creates, as workload variables for
// fixtures/workloads/echo/loadbalancer-service.yaml. Annotation names come from the compat facts of
// the version under test (plan.compatFacts), labels from the repo pool's serviceSelector.

import type { Labels } from "../../k8s/label-selector.ts";

export interface LbServiceCase {
  name: string;
  annotations: Record<string, string>;
}

export interface LbServiceNames {
  ipsAnnotation: string;
  sharingKeyAnnotation: string;
}

export function lbServiceCases(
  names: LbServiceNames,
  input: { lastAddress: string; outsideAddress: string; sharingKey: string },
): {
  auto: LbServiceCase;
  last: LbServiceCase;
  outside: LbServiceCase;
  sharedA: LbServiceCase;
  sharedB: LbServiceCase;
} {
  return {
    auto: { name: "lb-auto", annotations: {} },
    last: { name: "lb-last", annotations: { [names.ipsAnnotation]: input.lastAddress } },
    outside: { name: "lb-outside", annotations: { [names.ipsAnnotation]: input.outsideAddress } },
    sharedA: { name: "lb-shared-a", annotations: { [names.sharingKeyAnnotation]: input.sharingKey } },
    sharedB: { name: "lb-shared-b", annotations: { [names.sharingKeyAnnotation]: input.sharingKey } },
  };
}

/** Workload variables for one Service (maps as JSON, which is YAML flow syntax). */
export function lbServiceVariables(
  base: { NAMESPACE: string; RUN_ID: string; BACKEND: string },
  serviceCase: LbServiceCase,
  labels: Labels,
): Record<string, string> {
  return {
    ...base,
    SERVICE_NAME: serviceCase.name,
    SERVICE_LABELS: JSON.stringify(labels),
    SERVICE_ANNOTATIONS: JSON.stringify(serviceCase.annotations),
  };
}
