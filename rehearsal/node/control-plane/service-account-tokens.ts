// ServiceAccount tokens as kube-apiserver issues and checks them (kubernetes/kubernetes
// pkg/serviceaccount/claims.go, jwt.go): a JWT signed with --service-account-signing-key-file
// (ES256 here: the key is ECDSA P-256), iss https://kubernetes.default.svc.cluster.local, sub
// system:serviceaccount:<ns>:<name>, the kubernetes.io claim naming namespace, ServiceAccount and
// the bound pod; the user it authenticates is that subject in system:serviceaccounts and
// system:serviceaccounts:<ns>. A token bound to a pod stops working when that pod is gone.

import { createPrivateKey, createPublicKey, type KeyObject, randomUUID, sign, verify } from "node:crypto";
import type { UserInfo } from "../../kube-api/authentication.ts";

export const ISSUER = "https://kubernetes.default.svc.cluster.local";

export interface TokenClaims {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  audiences: string[];
  expirationSeconds: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export function issueToken(
  privateKeyPem: string,
  claims: TokenClaims,
  now: Date,
): { token: string; expires: Date } {
  const key = createPrivateKey(privateKeyPem);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + claims.expirationSeconds;
  const header = { alg: "ES256", kid: "rehearsal" };
  const payload = {
    aud: claims.audiences.length > 0 ? claims.audiences : [ISSUER],
    exp,
    iat,
    iss: ISSUER,
    jti: randomUUID(),
    "kubernetes.io": {
      namespace: claims.namespace,
      ...(claims.pod ? { pod: claims.pod } : {}),
      serviceaccount: claims.serviceAccount,
    },
    nbf: iat,
    sub: `system:serviceaccount:${claims.namespace}:${claims.serviceAccount.name}`,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" });
  return { token: `${signingInput}.${b64url(signature)}`, expires: new Date(exp * 1000) };
}

export interface VerifiedToken {
  user: UserInfo;
  pod: { name: string; uid: string } | undefined;
  namespace: string;
}

export function verifyToken(
  publicKey: KeyObject | string,
  token: string,
  now: Date,
): VerifiedToken | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [head = "", body = "", sig = ""] = parts;
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  let valid = false;
  try {
    valid = verify(
      "sha256",
      Buffer.from(`${head}.${body}`),
      { key, dsaEncoding: "ieee-p1363" },
      Buffer.from(sig, "base64url"),
    );
  } catch {
    return undefined;
  }
  if (!valid) return undefined;
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
    exp?: number;
    nbf?: number;
    iss?: string;
    sub?: string;
    "kubernetes.io"?: {
      namespace?: string;
      pod?: { name: string; uid: string };
      serviceaccount?: { name: string };
    };
  };
  const seconds = now.getTime() / 1000;
  if (payload.iss !== ISSUER || (payload.exp ?? 0) < seconds || (payload.nbf ?? 0) > seconds + 60)
    return undefined;
  const namespace = payload["kubernetes.io"]?.namespace ?? "";
  return {
    user: {
      name: String(payload.sub),
      groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`],
    },
    pod: payload["kubernetes.io"]?.pod,
    namespace,
  };
}
