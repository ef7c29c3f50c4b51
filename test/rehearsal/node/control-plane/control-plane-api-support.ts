// An in-process rehearsal API server (rehearsal/node/control-plane/control-plane-api.ts) on
// 127.0.0.1 with the tests' PKI, and a REST client as the admin.

import { generateKeyPairSync } from "node:crypto";
import { KubeRestClient } from "../../../../rehearsal/k8s/kube-rest-client.ts";
import type { PodStreams } from "../../../../rehearsal/kube-api/pod-streams.ts";
import { createControlPlaneApi } from "../../../../rehearsal/node/control-plane/control-plane-api.ts";
import { testPki } from "../../../support/fake-kube-api.ts";

export async function startControlPlaneApi(options: { podStreams?: PodStreams } = {}) {
  const pki = await testPki();
  const sa = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const { server, registry } = createControlPlaneApi({
    tls: { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca.cert },
    serviceCidr: "10.96.0.0/16",
    nodePortRange: [30000, 32767],
    advertiseAddress: "192.0.2.10",
    securePort: 6443,
    serviceAccount: {
      publicKey: sa.publicKey.export({ type: "spki", format: "pem" }).toString(),
      signingKey: sa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    },
    ...(options.podStreams ? { podStreams: options.podStreams } : {}),
  });
  const url = await server.listen(0, "127.0.0.1");
  const client = new KubeRestClient({ server: url, ca: pki.ca.cert, clientCert: pki.admin });
  const asToken = (token: string) => new KubeRestClient({ server: url, ca: pki.ca.cert, token: () => token });
  return { server, registry, client, url, asToken, close: () => server.close() };
}
