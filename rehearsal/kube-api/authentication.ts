// Who is asking: the authenticators kube-apiserver chains (kubernetes/kubernetes
// pkg/kubeapiserver/authenticator/config.go): client certificates signed by the cluster CA
// (user = CN, groups = O), then bearer tokens (a static token file, ServiceAccount tokens), and,
// with anonymous auth on (kubeadm's default), `system:anonymous` when no credentials came at all.
// Credentials that came but do not verify are an error (401), never anonymous (union.NewFailOnError).

import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

export interface UserInfo {
  name: string;
  groups: string[];
}

export type Authentication =
  | { kind: "user"; user: UserInfo }
  | { kind: "anonymous"; user: UserInfo }
  | { kind: "failed"; why: string };

/** Resolves a bearer token to its user, or undefined when the token is not valid. */
export type TokenAuthenticator = (token: string) => UserInfo | undefined;

export interface AuthenticationOptions {
  tokens: readonly TokenAuthenticator[];
  /** kube-apiserver --anonymous-auth (default true, as kubeadm/kind run it). */
  anonymous: boolean;
}

export const ANONYMOUS: UserInfo = { name: "system:anonymous", groups: ["system:unauthenticated"] };

export function authenticate(request: IncomingMessage, options: AuthenticationOptions): Authentication {
  const socket = request.socket as TLSSocket;
  const certificate =
    typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate() : undefined;
  const presented = certificate !== undefined && Object.keys(certificate).length > 0;
  if (presented) {
    if (!socket.authorized) {
      return { kind: "failed", why: `client certificate not verified: ${String(socket.authorizationError)}` };
    }
    const subject = certificate.subject as unknown as Record<string, string | string[] | undefined>;
    const name = first(subject.CN);
    if (name) return { kind: "user", user: withAuthenticated({ name, groups: all(subject.O) }) };
    return { kind: "failed", why: "client certificate has no common name" };
  }
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token) return { kind: "failed", why: "Authorization header is not a bearer token" };
    for (const resolve of options.tokens) {
      const user = resolve(token);
      if (user) return { kind: "user", user: withAuthenticated(user) };
    }
    return { kind: "failed", why: "invalid bearer token" };
  }
  if (options.anonymous) return { kind: "anonymous", user: ANONYMOUS };
  return { kind: "failed", why: "no credentials" };
}

/**
 * A static token file in kube-apiserver's `--token-auth-file` format: CSV lines
 * `token,user,uid,"group1,group2"` (staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile).
 */
export function parseTokenFile(text: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = splitCsv(line);
    const [token, name] = fields;
    if (!token || !name || fields.length < 3) {
      throw new Error(`token file line ${index + 1}: expected token,user,uid[,"groups"]`);
    }
    const groups = (fields[3] ?? "")
      .split(",")
      .map((group) => group.trim())
      .filter(Boolean);
    tokens.set(token, { name, groups });
  }
  return tokens;
}

export function staticTokens(tokens: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return (token) => tokens.get(token);
}

// group.NewAuthenticatedGroupAdder: every authenticated user is in system:authenticated.
function withAuthenticated(user: UserInfo): UserInfo {
  return user.groups.includes("system:authenticated")
    ? user
    : { name: user.name, groups: [...user.groups, "system:authenticated"] };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

function splitCsv(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      fields.push(current);
      current = "";
    } else current += char;
  }
  fields.push(current);
  return fields;
}
