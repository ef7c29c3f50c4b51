// X.509 v3 certificates with ECDSA P-256 keys, signed with node:crypto: what kubeadm's PKI holds
// (a cluster CA, the API server's serving certificate with its SANs, client certificates whose CN
// is the user and O the groups — kubernetes-admin in kubeadm:cluster-admins, system:node:<name> in
// system:nodes). kubeadm itself uses RSA by default and ECDSA on request; ECDSA is faster to make.

import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";
import { isIPv4 } from "node:net";
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from "./der.ts";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

export interface Subject {
  commonName: string;
  organizations?: readonly string[];
}

export interface CertificateRequest {
  subject: Subject;
  /** DNS names and IPv4 addresses (serving certificates). */
  altNames?: readonly string[];
  usage: "ca" | "server" | "client" | "server-and-client";
  notBefore: Date;
  notAfter: Date;
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
}

export function newKeyPair(): KeyPair {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" });
}

function name(subject: Subject): Buffer {
  const rdns = (subject.organizations ?? []).map((org) =>
    set(sequence(oid(OID.organization), utf8String(org))),
  );
  rdns.push(set(sequence(oid(OID.commonName), utf8String(subject.commonName))));
  return sequence(...rdns);
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash("sha1")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function altName(entry: string): Buffer {
  if (isIPv4(entry)) return implicitPrimitive(7, Buffer.from(entry.split(".").map(Number)));
  return implicitPrimitive(2, Buffer.from(entry, "ascii"));
}

function extensions(request: CertificateRequest, subjectKey: KeyObject, issuerKey: KeyObject): Buffer {
  const list: Buffer[] = [];
  const ca = request.usage === "ca";
  list.push(extension(OID.basicConstraints, true, sequence(...(ca ? [boolean(true)] : []))));
  // keyUsage bits: digitalSignature (0), keyEncipherment (2), keyCertSign (5).
  const usageBits = ca ? 0b1010_0100 : 0b1010_0000;
  list.push(extension(OID.keyUsage, true, tlv(0x03, Buffer.from([ca ? 2 : 5, usageBits]))));
  if (request.usage !== "ca") {
    const purposes: Record<typeof request.usage, string[]> = {
      server: [OID.serverAuth],
      client: [OID.clientAuth],
      "server-and-client": [OID.serverAuth, OID.clientAuth],
    };
    list.push(extension(OID.extKeyUsage, false, sequence(...purposes[request.usage].map(oid))));
  }
  list.push(extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(subjectKey))));
  if (!ca) {
    list.push(
      extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, keyIdentifier(issuerKey)))),
    );
  }
  if (request.altNames && request.altNames.length > 0) {
    list.push(extension(OID.subjectAltName, false, sequence(...request.altNames.map(altName))));
  }
  return explicit(3, sequence(...list));
}

/** Who signs: the CA's subject and private key (for the CA itself: its own subject and key). */
export interface Signer {
  subject: Subject;
  privateKey: KeyObject;
}

/** Issues a certificate for `subjectKey` (a public key), signed by `signer`. */
export function issueCertificate(
  request: CertificateRequest,
  subjectKey: KeyObject,
  signer: Signer,
): IssuedCertificate {
  const issuerPublic = createPublicKey(signer.privateKey);
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    name(signer.subject),
    sequence(time(request.notBefore), time(request.notAfter)),
    name(request.subject),
    subjectKey.export({ type: "spki", format: "der" }),
    extensions(request, subjectKey, issuerPublic),
  );
  const signature = sign("sha256", tbs, signer.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  return { der, pem: toPem("CERTIFICATE", der) };
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}
