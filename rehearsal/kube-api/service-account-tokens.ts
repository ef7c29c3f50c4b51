// ServiceAccount tokens as kube-apiserver issues and checks them (kubernetes/kubernetes
// pkg/serviceaccount/jwt.go, claims.go; pkg/registry/core/serviceaccount/storage/token.go): the
// TokenRequest subresource (POST …/serviceaccounts/<name>/token) returns a JWT signed with the
// service-account key (ES256 here; kubeadm's sa.key is RSA, RS256 — clients never look inside),
// whose claims name the issuer, the audience, the ServiceAccount (and the pod it is bound to) and
// the expiry; a bearer token is accepted while it verifies, has not expired and its
// ServiceAccount (same uid) still exists. The kubelet asks for one per pod and mounts it.

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import type { UserInfo } from "./authentication.ts";
import type { Json } from "./object-store.ts";

export const ISSUER = "https://kubernetes.default.svc.cluster.local";

export interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  iss: string;
  sub: string;
  "kubernetes.io": {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
  };
}

export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly lookup: (namespace: string, name: string) => Json | undefined;
  private readonly now: () => Date;

  /** `signingKey`: PEM of the service-account signing key (default: a new EC P-256 key). */
  constructor(
    lookup: (namespace: string, name: string) => Json | undefined,
    now: () => Date,
    signingKey?: string,
  ) {
    this.lookup = lookup;
    this.now = now;
    this.privateKey = signingKey
      ? createPrivateKey(signingKey)
      : generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    this.publicKey = createPublicKey(this.privateKey);
  }

  /** The TokenRequest answer for a ServiceAccount (its status carries the token). */
  issue(serviceAccount: Json, spec: TokenRequestSpec): Json {
    const meta = serviceAccount.metadata as { name: string; namespace: string; uid: string };
    const seconds = Math.max(600, spec.expirationSeconds ?? 3600);
    const iat = Math.floor(this.now().getTime() / 1000);
    const bound = spec.boundObjectRef?.kind === "Pod" ? spec.boundObjectRef : undefined;
    const claims: Claims = {
      aud: spec.audiences?.length ? spec.audiences : [ISSUER],
      exp: iat + seconds,
      iat,
      nbf: iat,
      iss: ISSUER,
      sub: `system:serviceaccount:${meta.namespace}:${meta.name}`,
      "kubernetes.io": {
        namespace: meta.namespace,
        serviceaccount: { name: meta.name, uid: meta.uid },
        ...(bound ? { pod: { name: String(bound.name), uid: String(bound.uid ?? "") } } : {}),
      },
    };
    const header = { alg: "ES256", kid: "cc-rehearsal" };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign("sha256", Buffer.from(unsigned), {
      key: this.privateKey,
      dsaEncoding: "ieee-p1363",
    });
    return {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name: meta.name, namespace: meta.namespace, creationTimestamp: null },
      spec: { audiences: claims.aud, expirationSeconds: seconds, boundObjectRef: bound ?? null },
      status: {
        token: `${unsigned}.${signature.toString("base64url")}`,
        expirationTimestamp: new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      },
    };
  }

  /** A TokenAuthenticator: the user of a valid token, undefined otherwise. */
  authenticate = (token: string): UserInfo | undefined => {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header = "", payload = "", signature = ""] = parts;
    const valid = verify(
      "sha256",
      Buffer.from(`${header}.${payload}`),
      { key: this.publicKey, dsaEncoding: "ieee-p1363" },
      Buffer.from(signature, "base64url"),
    );
    if (!valid) return undefined;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Claims;
    } catch {
      return undefined;
    }
    if (claims.iss !== ISSUER || claims.exp * 1000 <= this.now().getTime()) return undefined;
    if (!claims.aud.includes(ISSUER)) return undefined;
    const { namespace, serviceaccount } = claims["kubernetes.io"];
    const live = this.lookup(namespace, serviceaccount.name);
    if (!live || (live.metadata as { uid?: string }).uid !== serviceaccount.uid) return undefined;
    return {
      name: claims.sub,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`],
    };
  };
}

function base64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}
