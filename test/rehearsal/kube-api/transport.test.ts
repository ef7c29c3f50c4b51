import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseTokenFile, staticTokens } from "../../../rehearsal/kube-api/authentication.ts";
import {
  type ClusterPki,
  createClusterPki,
  issueClientCertificate,
} from "../../../rehearsal/kube-api/certificates.ts";
import { openKubeClient } from "../../../src/k8s/kube-client.ts";
import { getObject } from "../../../src/k8s/read-objects.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { httpsRequest } from "./https-request.ts";

// kind's transport (KUBE-API-FACTS.md, Transport): HTTPS with the cluster CA, client
// certificates; credentials that do not verify are 401 (never anonymous); no credentials at all
// are system:anonymous, who may read only the public-info paths (kubeadm's RBAC defaults).

let api: FakeKubeApi;
let foreign: ClusterPki;
beforeAll(async () => {
  api = await FakeKubeApi.start({
    tokens: [
      staticTokens(
        parseTokenFile('agent-token,system:serviceaccount:kube-system:cilium,1,"system:serviceaccounts"\n'),
      ),
    ],
  });
  foreign = await createClusterPki();
});
afterAll(() => api.close());

describe("API server transport and authentication", () => {
  it("writes kind's kubeconfig: https server, inline CA, admin client certificate", async () => {
    const config = parseYaml(api.kubeconfig(api.pki.admin, { contexts: ["kind-cc-t"] })) as {
      clusters: { name: string; cluster: Record<string, string> }[];
      users: { name: string; user: Record<string, string> }[];
      "current-context": string;
    };
    expect(config["current-context"]).toBe("kind-cc-t");
    expect(config.clusters[0]?.cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(config.clusters[0]?.cluster ?? {}).sort()).toEqual([
      "certificate-authority-data",
      "server",
    ]);
    expect(Object.keys(config.users[0]?.user ?? {}).sort()).toEqual([
      "client-certificate-data",
      "client-key-data",
    ]);
    expect(Buffer.from(config.users[0]?.user["client-certificate-data"] ?? "", "base64").toString()).toBe(
      api.pki.admin.cert,
    );
  });

  it("serves client-node through that kubeconfig (the admin's certificate)", async () => {
    const client = openKubeClient({
      kubeconfigPath: await api.writeKubeconfig(),
      guard: () => ({ allowed: true }),
    });
    api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } });
    const namespace = await getObject(client, { apiVersion: "v1", kind: "Namespace", name: "demo" });
    expect(namespace?.metadata.name).toBe("demo");
  });

  it("answers 401 Unauthorized to a client certificate from another CA", async () => {
    const response = await httpsRequest(`${api.url}/api`, {
      ca: api.pki.ca.cert,
      cert: foreign.admin.cert,
      key: foreign.admin.key,
    });
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Unauthorized",
      reason: "Unauthorized",
      code: 401,
    });
  });

  it("answers 401 to an unknown bearer token and serves a known one", async () => {
    const bad = await httpsRequest(`${api.url}/api`, { ca: api.pki.ca.cert, token: "nope" });
    expect(bad.status).toBe(401);
    const good = await httpsRequest(`${api.url}/api`, { ca: api.pki.ca.cert, token: "agent-token" });
    expect(good.status).toBe(200);
    expect(good.json()).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
  });

  it("treats a request without credentials as system:anonymous: /version yes, discovery no (403)", async () => {
    const version = await httpsRequest(`${api.url}/version`, { ca: api.pki.ca.cert });
    expect(version.status).toBe(200);
    const discovery = await httpsRequest(`${api.url}/api`, { ca: api.pki.ca.cert });
    expect(discovery.status).toBe(403);
    expect(discovery.json()).toMatchObject({
      reason: "Forbidden",
      message: 'forbidden: User "system:anonymous" cannot get path "/api"',
    });
  });

  it("accepts a client certificate for another user signed by the cluster CA (a kubelet's)", async () => {
    const kubelet = await issueClientCertificate(api.pki.ca, "system:node:cc-worker", ["system:nodes"]);
    const response = await httpsRequest(`${api.url}/api/v1/namespaces`, {
      ca: api.pki.ca.cert,
      cert: kubelet.cert,
      key: kubelet.key,
    });
    expect(response.status).toBe(200);
  });

  it("issues ServiceAccount tokens (TokenRequest) that authenticate while the ServiceAccount exists", async () => {
    api.put({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "cilium", namespace: "kube-system" },
    });
    const admin = { ca: api.pki.ca.cert, cert: api.pki.admin.cert, key: api.pki.admin.key };
    const issued = await httpsRequest(
      `${api.url}/api/v1/namespaces/kube-system/serviceaccounts/cilium/token`,
      admin,
      {
        method: "POST",
        contentType: "application/json",
        body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} }),
      },
    );
    expect(issued.status).toBe(201);
    const token = (issued.json().status as { token: string }).token;
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(claims.sub).toBe("system:serviceaccount:kube-system:cilium");
    expect((await httpsRequest(`${api.url}/api/v1/nodes`, { ca: api.pki.ca.cert, token })).status).toBe(200);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(
      (await httpsRequest(`${api.url}/api/v1/nodes`, { ca: api.pki.ca.cert, token: forged })).status,
    ).toBe(401);
    api.remove({ apiVersion: "v1", kind: "ServiceAccount", namespace: "kube-system", name: "cilium" });
    expect((await httpsRequest(`${api.url}/api/v1/nodes`, { ca: api.pki.ca.cert, token })).status).toBe(401);
  });

  it("refuses plain HTTP on the secure port", async () => {
    const error = await fetch(api.url.replace("https:", "http:")).catch((e: unknown) => e);
    // Node's TLS server answers a plaintext request with a 400 or resets the connection.
    if (error instanceof Response) expect(error.status).toBe(400);
    else expect(error).toBeInstanceOf(Error);
  });
});
