// What the pinned cilium CLI (v0.19.7) changes on its own during `cilium install` on kind, read
// in the cilium/cilium code it vendors (cilium/cilium-cli v0.19.7, vendor/github.com/cilium/cilium/
// cilium-cli/...). The user's values win over every one of these (internal/helm/helm.go MergeVals:
// "User-defined helm options will overwrite the default cilium-cli helm options"), so the plan
// pins each key the repo leaves unset to the chart's own default: Cilium then runs with what the
// repo gets from plain Helm (Flux), not with what the CLI guesses for kind.

import type { Sourced } from "./compat-types.ts";

export interface CliKindDefault {
  /** Dotted Helm values key. */
  key: string;
  /** What the CLI would set when the values leave the key unset. */
  cliSets: string;
}

const HELM_GO = "cilium-cli/install/helm.go getHelmValues";

export const ciliumCliKindDefaults: Sourced<readonly CliKindDefault[]> = {
  value: [
    {
      key: "cluster.name",
      cliSets:
        "kind-<cluster>, the kubeconfig's cluster name (install/autodetect.go autodetectAndValidate); the chart refuses it over 32 characters",
    },
    { key: "ipam.mode", cliSets: "kubernetes (the kind flavour)" },
    { key: "operator.replicas", cliSets: "1" },
  ],
  source: `${HELM_GO} (helmMapOpts for k8s.KindKind) and install/autodetect.go`,
};

// Not pinned: routingMode/tunnelProtocol. On kind the CLI picks the tunnel datapath
// (install/autodetect.go detectDatapathMode → routingMode=tunnel, tunnelProtocol=vxlan), which is
// what the chart does when they are unset anyway (templates/cilium-configmap.yaml: routing-mode
// defaults to "tunnel", tunnel-protocol to "vxlan"). `operator.replicas`' and `ipam.mode`'s chart
// defaults differ from the CLI's (2 and cluster-pool), and `cluster.name`'s ("default") too.
