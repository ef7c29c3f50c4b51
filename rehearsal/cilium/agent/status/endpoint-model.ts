// The agent API's Endpoint objects (api/v1/models/endpoint*.go; GET /v1/endpoint), which
// `cilium-dbg endpoint list` prints and cilium-cli's status reads (an endpoint whose
// status.state is not "ready" counts as not ready), and the list's text table
// (cilium-dbg/cmd/endpoint_list.go).

import { tabwrite } from "../../../go/tabwriter.ts";

export interface EndpointModel {
  id: number;
  spec: { "label-configuration": Record<string, never>; options: Record<string, string> };
  status: {
    state:
      | "ready"
      | "waiting-for-identity"
      | "not-ready"
      | "regenerating"
      | "restoring"
      | "disconnecting"
      | "disconnected"
      | "invalid";
    "external-identifiers"?: {
      "container-id"?: string;
      "k8s-namespace"?: string;
      "k8s-pod-name"?: string;
      "pod-name"?: string;
    };
    identity: { id: number; labels: string[] };
    labels: { "security-relevant": string[]; realized: { user: string[] } };
    networking: {
      addressing: { ipv4?: string }[];
      "interface-name"?: string;
      mac?: string;
      "host-mac"?: string;
    };
    policy: { realized: { "policy-enabled": "none" }; "proxy-statistics": [] };
    controllers: [];
  };
}

export interface EndpointFacts {
  id: number;
  ip: string | undefined;
  identity: number;
  labels: string[];
  namespace?: string;
  podName?: string;
  containerId?: string;
  interfaceName?: string;
}

export function endpointModel(facts: EndpointFacts): EndpointModel {
  return {
    id: facts.id,
    spec: { "label-configuration": {}, options: {} },
    status: {
      state: "ready",
      ...(facts.podName
        ? {
            "external-identifiers": {
              "container-id": facts.containerId ?? "",
              "k8s-namespace": facts.namespace ?? "",
              "k8s-pod-name": facts.podName,
              "pod-name": `${facts.namespace ?? ""}/${facts.podName}`,
            },
          }
        : {}),
      identity: { id: facts.identity, labels: facts.labels },
      labels: { "security-relevant": facts.labels, realized: { user: [] } },
      networking: {
        addressing: facts.ip ? [{ ipv4: facts.ip }] : [],
        ...(facts.interfaceName ? { "interface-name": facts.interfaceName } : {}),
      },
      policy: { realized: { "policy-enabled": "none" }, "proxy-statistics": [] },
      controllers: [],
    },
  };
}

/** `cilium-dbg endpoint list` as text: one row per endpoint, continuation rows for more labels. */
export function endpointListText(endpoints: readonly EndpointModel[], headers = true): string {
  let w = "";
  if (headers) {
    w +=
      "ENDPOINT\tPOLICY (ingress)\tPOLICY (egress)\tIDENTITY\tLABELS (source:key[=value])\tIPv6\tIPv4\tSTATUS\t\n";
    w += "\tENFORCEMENT\tENFORCEMENT\t\t\t\t\t\n";
  }
  for (const ep of [...endpoints].sort((a, b) => a.id - b.id)) {
    const labels = ep.status.identity.labels.length > 0 ? ep.status.identity.labels : ["no labels"];
    const ipv4 = ep.status.networking.addressing[0]?.ipv4 ?? "";
    labels.forEach((label, i) => {
      w +=
        i === 0
          ? `${ep.id}\tDisabled\tDisabled\t${ep.status.identity.id}\t${label}\t\t${ipv4}\t${ep.status.state}\t\n`
          : `\t\t\t\t${label}\t\t\t\t\n`;
    });
  }
  return tabwrite(w, { minwidth: 5, padding: 3 });
}
