import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  kindFromKubeadm,
  kubeconfigPathFor,
  mergeKind,
  parseKubeconfig,
  removeKind,
} from "../../../rehearsal/kind/kubeconfig-file.ts";

const ADMIN = `apiVersion: v1
clusters:
- cluster: {certificate-authority-data: Q0E=, server: "https://cc-1-control-plane:6443"}
  name: cc-1
contexts:
- context: {cluster: cc-1, user: kubernetes-admin}
  name: kubernetes-admin@cc-1
current-context: kubernetes-admin@cc-1
kind: Config
users:
- name: kubernetes-admin
  user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
`;

describe("kind's kubeconfig handling", () => {
  it("renames kubeadm's admin.conf to kind-<cluster> and points it at the host endpoint", () => {
    const kind = kindFromKubeadm(ADMIN, "cc-1", "https://127.0.0.1:41000");
    expect(kind.clusters).toEqual([
      {
        name: "kind-cc-1",
        cluster: { "certificate-authority-data": "Q0E=", server: "https://127.0.0.1:41000" },
      },
    ]);
    expect(kind.users).toEqual([
      { name: "kind-cc-1", user: { "client-certificate-data": "Q0VSVA==", "client-key-data": "S0VZ" } },
    ]);
    expect(kind.contexts).toEqual([
      { name: "kind-cc-1", context: { cluster: "kind-cc-1", user: "kind-cc-1" } },
    ]);
    expect(kind["current-context"]).toBe("kind-cc-1");
    expect(kindFromKubeadm(ADMIN, "cc-1").clusters[0]?.cluster).toMatchObject({
      server: "https://cc-1-control-plane:6443",
    });
  });

  it("merges into an existing file (same names replaced, others kept, current context set) and removes again", () => {
    const existing = parseKubeconfig(
      "apiVersion: v1\nkind: Config\nclusters: [{name: other, cluster: {server: 'https://o'}}]\ncontexts: [{name: other, context: {cluster: other, user: other}}]\nusers: [{name: other, user: {}}]\ncurrent-context: other\n",
    );
    const merged = mergeKind(existing, kindFromKubeadm(ADMIN, "cc-1", "https://127.0.0.1:1"));
    expect(merged.clusters.map((c) => c.name)).toEqual(["other", "kind-cc-1"]);
    expect(merged["current-context"]).toBe("kind-cc-1");
    const again = mergeKind(merged, kindFromKubeadm(ADMIN, "cc-1", "https://127.0.0.1:2"));
    expect(again.clusters.map((c) => c.name)).toEqual(["other", "kind-cc-1"]);
    const { doc, changed } = removeKind(again, "cc-1");
    expect(changed).toBe(true);
    expect(doc.clusters.map((c) => c.name)).toEqual(["other"]);
    expect(doc["current-context"]).toBe("");
    expect(removeKind(doc, "cc-1").changed).toBe(false);
  });

  it("picks the file as kind does: --kubeconfig, then the first KUBECONFIG entry, then ~/.kube/config", () => {
    expect(kubeconfigPathFor("/x", { KUBECONFIG: "/a:/b" })).toBe("/x");
    expect(kubeconfigPathFor(undefined, { KUBECONFIG: "/a:/b" })).toBe("/a");
    expect(kubeconfigPathFor(undefined, { HOME: "/home/u" })).toBe("/home/u/.kube/config");
    expect(parse("{}")).toEqual({});
  });
});
