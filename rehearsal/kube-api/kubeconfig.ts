// A kubeconfig shaped as kind writes it (kubernetes-sigs/kind pkg/cluster/internal/kubeconfig):
// cluster, user and context all named `kind-<cluster>`, the CA and the admin's client certificate
// inlined as base64 `*-data` fields, the server an https URL.

import { stringify } from "yaml";
import type { KeyPair } from "./certificates.ts";

export interface KubeconfigSpec {
  /** Context names; each gets a cluster and a user of the same name, as kind does. */
  contexts: readonly string[];
  current?: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  caCert: string;
  /** The client certificate and key the contexts' users present. */
  client: KeyPair;
}

export function kindKubeconfig(spec: KubeconfigSpec): string {
  const base64 = (text: string) => Buffer.from(text).toString("base64");
  return stringify({
    apiVersion: "v1",
    clusters: spec.contexts.map((name) => ({
      cluster: { "certificate-authority-data": base64(spec.caCert), server: spec.server },
      name,
    })),
    contexts: spec.contexts.map((name) => ({ context: { cluster: name, user: name }, name })),
    "current-context": spec.current ?? spec.contexts[0] ?? "",
    kind: "Config",
    preferences: {},
    users: spec.contexts.map((name) => ({
      name,
      user: {
        "client-certificate-data": base64(spec.client.cert),
        "client-key-data": base64(spec.client.key),
      },
    })),
  });
}
