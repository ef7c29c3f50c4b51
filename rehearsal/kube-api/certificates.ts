// The cluster's PKI as kubeadm lays it out for kind: a CA (CN `kubernetes`), the API server's
// serving certificate (SANs: the in-cluster names, the Service IP, 127.0.0.1 and the node's
// addresses) and the admin's client certificate (CN `kubernetes-admin`, O `kubeadm:cluster-admins`,
// which kubeadm >= 1.29 uses; kubernetes/kubernetes cmd/kubeadm/app/phases/kubeconfig).
//
// Made with the `openssl` CLI: node:crypto can verify X.509 but cannot issue certificates, and
// openssl is on every Debian/Ubuntu host and CI runner, so no npm dependency is needed for it.
// Keys are ECDSA P-256 (kubeadm defaults to RSA-2048; the curve changes nothing the harness sees,
// and it makes key generation and each TLS handshake — client-node opens a new connection pool
// per request, config.js createDispatcher — several times cheaper).

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** PEM texts. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface ClusterPki {
  ca: KeyPair;
  /** The API server's serving certificate. */
  server: KeyPair;
  /** `kubernetes-admin` in `kubeadm:cluster-admins`: what kind's kubeconfig carries. */
  admin: KeyPair;
}

export interface PkiOptions {
  /** Extra SANs of the serving certificate (IPs or DNS names), e.g. the node's LAN address. */
  serverNames?: readonly string[];
  /** Validity of every certificate, in days (kubeadm: CA 10 years, leaves 1 year). */
  days?: number;
}

/** The names kubeadm puts on the API server certificate (10.96.0.1: the default Service CIDR's first IP). */
const DEFAULT_SERVER_NAMES = [
  "kubernetes",
  "kubernetes.default",
  "kubernetes.default.svc",
  "kubernetes.default.svc.cluster.local",
  "localhost",
  "127.0.0.1",
  "10.96.0.1",
];

export async function createClusterPki(options: PkiOptions = {}): Promise<ClusterPki> {
  const dir = await mkdtemp(join(tmpdir(), "kube-pki-"));
  try {
    const days = String(options.days ?? 365);
    const ca = await selfSignedCa(dir, days);
    const names = [...new Set([...DEFAULT_SERVER_NAMES, ...(options.serverNames ?? [])])];
    const server = await issue(dir, "apiserver", {
      subject: "/CN=kube-apiserver",
      days,
      extensions: [
        `subjectAltName=${names.map((name) => (isIp(name) ? `IP:${name}` : `DNS:${name}`)).join(",")}`,
        "extendedKeyUsage=serverAuth",
        "keyUsage=critical,digitalSignature,keyEncipherment",
      ],
    });
    const admin = await issue(dir, "admin", {
      subject: "/O=kubeadm:cluster-admins/CN=kubernetes-admin",
      days,
      extensions: ["extendedKeyUsage=clientAuth", "keyUsage=critical,digitalSignature,keyEncipherment"],
    });
    return { ca, server, admin };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A client certificate for another user, signed by the same CA (e.g. a node's kubelet). */
export async function issueClientCertificate(
  ca: KeyPair,
  user: string,
  groups: readonly string[] = [],
): Promise<KeyPair> {
  const dir = await mkdtemp(join(tmpdir(), "kube-pki-"));
  try {
    await writeFile(join(dir, "ca.crt"), ca.cert);
    await writeFile(join(dir, "ca.key"), ca.key, { mode: 0o600 });
    const subject = [...groups.map((group) => `/O=${group}`), `/CN=${user}`].join("");
    return await issue(dir, "client", {
      subject,
      days: "365",
      extensions: ["extendedKeyUsage=clientAuth", "keyUsage=critical,digitalSignature,keyEncipherment"],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function selfSignedCa(dir: string, days: string): Promise<KeyPair> {
  await openssl([
    "req",
    "-x509",
    "-new",
    "-nodes",
    ...EC_KEY,
    "-keyout",
    join(dir, "ca.key"),
    "-out",
    join(dir, "ca.crt"),
    "-days",
    String(Number(days) * 10),
    "-subj",
    "/CN=kubernetes",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
  ]);
  return {
    cert: await readFile(join(dir, "ca.crt"), "utf8"),
    key: await readFile(join(dir, "ca.key"), "utf8"),
  };
}

/** One step with OpenSSL 3's `req -x509 -CA`: new key, certificate signed by the CA in `dir`. */
async function issue(
  dir: string,
  name: string,
  spec: { subject: string; days: string; extensions: string[] },
): Promise<KeyPair> {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await openssl([
    "req",
    "-x509",
    "-new",
    "-nodes",
    ...EC_KEY,
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    spec.days,
    "-subj",
    spec.subject,
    "-CA",
    join(dir, "ca.crt"),
    "-CAkey",
    join(dir, "ca.key"),
    ...spec.extensions.flatMap((extension) => ["-addext", extension]),
    "-addext",
    "basicConstraints=critical,CA:FALSE",
  ]);
  return { cert: await readFile(cert, "utf8"), key: await readFile(key, "utf8") };
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") {
      throw new Error(
        "the `openssl` CLI is not installed; the API server's certificates are made with it (apt-get install openssl)",
      );
    }
    throw new Error(`openssl ${args[0]} failed: ${failure.stderr?.trim() || failure.message}`);
  }
}

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(":");
}
