// The cluster's credentials as kubeadm lays them out (kubernetes/kubernetes cmd/kubeadm/app/phases/
// certs and kubeconfig; kind's kubeadm config adds certSANs localhost and the API server address):
// the CA, the API server's serving certificate, the ServiceAccount signing key, and kubeconfigs
// for the admin, controller-manager, scheduler and each node's kubelet. Made on the host by the
// fake kind and handed to each node's kubeadm double, which only writes them (real kubeadm makes
// them inside the node; nothing outside can tell the difference).

import { generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto";
import { stringify } from "yaml";
import { serviceSubnetAddress } from "../node/kubeadm/node-bootstrap.ts";
import { issueCertificate, newKeyPair, privateKeyPem, type Signer, type Subject } from "./x509.ts";

const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface PemPair {
  cert: string;
  key: string;
}

export interface ClusterAuthority {
  ca: PemPair;
  signer: Signer;
  /** ServiceAccount token signing key pair (sa.key / sa.pub). */
  serviceAccount: { privateKey: string; publicKey: string };
  /** What the API server presents to kubelets (the double's stand-in for apiserver-kubelet-client.crt). */
  kubeletClientToken: string;
  notBefore: Date;
}

export function newClusterAuthority(now: Date): ClusterAuthority {
  const notBefore = new Date(now.getTime() - 60_000);
  const keys = newKeyPair();
  const subject = { commonName: "kubernetes" };
  const signer = { subject, privateKey: keys.privateKey };
  const cert = issueCertificate(
    { subject, usage: "ca", notBefore, notAfter: new Date(notBefore.getTime() + 10 * YEAR_MS) },
    keys.publicKey,
    signer,
  ).pem;
  const sa = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    ca: { cert, key: privateKeyPem(keys.privateKey) },
    signer,
    serviceAccount: {
      privateKey: privateKeyPem(sa.privateKey),
      publicKey: sa.publicKey.export({ type: "spki", format: "pem" }).toString(),
    },
    kubeletClientToken: randomBytes(24).toString("hex"),
    notBefore,
  };
}

function leaf(
  authority: ClusterAuthority,
  subject: Subject,
  usage: "server" | "client",
  altNames?: string[],
): PemPair {
  const keys = newKeyPair();
  const cert = issueCertificate(
    {
      subject,
      usage,
      notBefore: authority.notBefore,
      notAfter: new Date(authority.notBefore.getTime() + YEAR_MS),
      ...(altNames ? { altNames } : {}),
    },
    keys.publicKey,
    authority.signer,
  ).pem;
  return { cert, key: privateKeyPem(keys.privateKey as KeyObject) };
}

export function apiServerCertificate(
  authority: ClusterAuthority,
  input: { nodeName: string; advertiseAddress: string; serviceSubnet: string; extraSans: readonly string[] },
): PemPair {
  const names = [
    input.nodeName,
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
    serviceSubnetAddress(input.serviceSubnet, 1),
    input.advertiseAddress,
    ...input.extraSans,
  ];
  return leaf(authority, { commonName: "kube-apiserver" }, "server", [...new Set(names)]);
}

/** A kubeconfig as kubeadm writes one: `<user>@<cluster>` context, certificate data inlined. */
export function kubeadmKubeconfig(
  authority: ClusterAuthority,
  input: { cluster: string; server: string; user: string; groups?: string[] },
): string {
  const pair = leaf(authority, { commonName: input.user, organizations: input.groups ?? [] }, "client");
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  const context = `${input.user}@${input.cluster}`;
  return stringify({
    apiVersion: "v1",
    clusters: [
      {
        cluster: { "certificate-authority-data": b64(authority.ca.cert), server: input.server },
        name: input.cluster,
      },
    ],
    contexts: [{ context: { cluster: input.cluster, user: input.user }, name: context }],
    "current-context": context,
    kind: "Config",
    preferences: {},
    users: [
      {
        name: input.user,
        user: { "client-certificate-data": b64(pair.cert), "client-key-data": b64(pair.key) },
      },
    ],
  });
}
