// The rehearsal's API server assembled: the project's server (rehearsal/kube-api) with the
// built-in resources, ServiceAccount token authentication (a token bound to a pod stops working
// when the pod is gone), the registry, the objects kube-apiserver keeps in place, and the kubelet
// proxy for exec/logs/port-forward. kube-apiserver.ts runs it in the control-plane container;
// tests start it in-process.

import { createPublicKey } from "node:crypto";
import type { TokenAuthenticator } from "../../kube-api/authentication.ts";
import { metadataOf } from "../../kube-api/object-store.ts";
import type { PodStreams } from "../../kube-api/pod-streams.ts";
import { KubeApiServer } from "../../kube-api/server.ts";
import { serviceSubnetAddress } from "../kubeadm/node-bootstrap.ts";
import { bootstrapObjects } from "./bootstrap-objects.ts";
import { kubeletProxy } from "./kubelet-proxy.ts";
import { Registry } from "./registry.ts";
import { verifyToken } from "./service-account-tokens.ts";

export interface ControlPlaneApiOptions {
  tls: { cert: string; key: string; clientCa: string };
  serviceCidr: string;
  nodePortRange: [number, number];
  advertiseAddress: string;
  securePort: number;
  serviceAccount: { publicKey: string; signingKey: string };
  /** The kubelets' client token (contract 4); undefined: no kubelet proxy (tests plug their own). */
  kubeletClientToken?: string;
  podStreams?: PodStreams;
  extraTokens?: readonly TokenAuthenticator[];
}

export function createControlPlaneApi(options: ControlPlaneApiOptions): {
  server: KubeApiServer;
  registry: Registry;
} {
  const registry = new Registry({
    serviceCidr: options.serviceCidr,
    nodePortRange: options.nodePortRange,
    serviceAccountSigningKey: options.serviceAccount.signingKey,
  });
  const publicKey = createPublicKey(options.serviceAccount.publicKey);
  let server: KubeApiServer | undefined;
  const serviceAccountTokens: TokenAuthenticator = (token) => {
    const verified = verifyToken(publicKey, token, new Date());
    if (!verified || !server) return undefined;
    if (verified.pod) {
      const stored = server.store.get({
        group: "",
        plural: "pods",
        namespace: verified.namespace,
        name: verified.pod.name,
      });
      if (!stored || metadataOf(stored).uid !== verified.pod.uid) return undefined;
    }
    return verified.user;
  };
  const podStreams =
    options.podStreams ??
    (options.kubeletClientToken === undefined
      ? undefined
      : kubeletProxy({
          token: options.kubeletClientToken,
          node: (name) => server?.store.get({ group: "", plural: "nodes", namespace: undefined, name }),
        }));
  server = new KubeApiServer({
    tls: options.tls,
    tokens: [serviceAccountTokens, ...(options.extraTokens ?? [])],
    extensions: registry,
    recordRequests: false,
    ...(podStreams ? { podStreams } : {}),
  });
  // A real API server's watch cache keeps a window, not all history (informers relist on 410).
  server.store.maxHistory = 20_000;
  registry.attach(server);
  const kubernetesServiceIp = serviceSubnetAddress(options.serviceCidr, 1);
  registry.services.allocateIp("default/kubernetes", kubernetesServiceIp);
  for (const object of bootstrapObjects({
    kubernetesServiceIp,
    advertiseAddress: options.advertiseAddress,
    port: options.securePort,
  })) {
    server.put(object);
  }
  return { server, registry };
}
