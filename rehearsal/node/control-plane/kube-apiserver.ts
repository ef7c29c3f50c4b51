// The kube-apiserver static pod of the rehearsal's control plane (image
// registry.k8s.io/kube-apiserver → this program, rehearsal/node/image-behaviours.ts): reads the
// flags kubeadm writes into the manifest (rehearsal/node/kubeadm/static-pods.ts) and serves the
// control plane's API (control-plane-api.ts) on --secure-port. Flags the double has no use for
// (etcd, authorization modes) are ignored. State is memory: it dies with the container, as a real
// control plane loses etcd with it.

import { readFileSync } from "node:fs";
import { createControlPlaneApi } from "./control-plane-api.ts";

function flags(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    if (match) values.set(match[1] ?? "", match[2] ?? "");
  }
  return values;
}

const given = flags(process.argv.slice(2));
const need = (name: string): string => {
  const value = given.get(name);
  if (value === undefined) {
    process.stderr.write(`kube-apiserver: --${name} is required\n`);
    process.exit(1);
  }
  return value;
};
const read = (flag: string) => readFileSync(need(flag), "utf8");

const serviceCidr = given.get("service-cluster-ip-range") ?? "10.96.0.0/16";
const [low = "30000", high = "32767"] = (given.get("service-node-port-range") ?? "30000-32767").split("-");
const port = Number(given.get("secure-port") ?? "6443");
const advertiseAddress = need("advertise-address");
const { server } = createControlPlaneApi({
  tls: { cert: read("tls-cert-file"), key: read("tls-private-key-file"), clientCa: read("client-ca-file") },
  serviceCidr,
  nodePortRange: [Number(low), Number(high)],
  advertiseAddress,
  securePort: port,
  serviceAccount: {
    publicKey: read("service-account-key-file"),
    signingKey: read("service-account-signing-key-file"),
  },
  kubeletClientToken: read("kubelet-client-token-file").trim(),
});
const url = await server.listen(port, given.get("bind-address") ?? "0.0.0.0");
process.stdout.write(
  `kube-apiserver: serving on ${url} (advertise ${advertiseAddress}, services ${serviceCidr})\n`,
);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
