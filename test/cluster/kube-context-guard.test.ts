import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { assertHarnessKubeconfig, checkHarnessKubeconfig } from "../../src/cluster/kube-context-guard.ts";
import { EnvironmentError } from "../../src/errors.ts";

const identity = { clusterName: "cc-run1", lanSubnet: "192.168.5.0/24" };

function kubeconfig(context: string, server: string, current = context): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": current,
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    clusters: [{ name: context, cluster: { server, "certificate-authority-data": "c2VjcmV0" } }],
    users: [{ name: context, user: { "client-key-data": "VERY-SECRET-KEY" } }],
  });
}

describe("checkHarnessKubeconfig", () => {
  it("accepts kind's own kubeconfig (loopback port mapping) and the LAN address", () => {
    expect(checkHarnessKubeconfig(kubeconfig("kind-cc-run1", "https://127.0.0.1:41235"), identity)).toEqual({
      ok: true,
      context: "kind-cc-run1",
      server: "https://127.0.0.1:41235",
    });
    expect(checkHarnessKubeconfig(kubeconfig("kind-cc-run1", "https://192.168.5.9:6443"), identity).ok).toBe(
      true,
    );
    expect(checkHarnessKubeconfig(kubeconfig("kind-cc-run1", "https://[::1]:6443"), identity).ok).toBe(true);
  });

  it("refuses another context, another kind cluster and a remote server", () => {
    const cases = [
      kubeconfig("prod-admin@homelab", "https://192.168.5.10:6443"),
      kubeconfig("kind-cc-other", "https://127.0.0.1:6443"),
      kubeconfig("kind-cc-run1", "https://10.0.0.5:6443"),
      kubeconfig("kind-cc-run1", "https://api.example.com:6443"),
    ];
    const reasons = cases.map((text) => {
      const verdict = checkHarnessKubeconfig(text, identity);
      return verdict.ok ? "ok" : verdict.reason;
    });
    expect(reasons[0]).toBe('context is "prod-admin@homelab", expected "kind-cc-run1"');
    expect(reasons[1]).toBe('context is "kind-cc-other", expected "kind-cc-run1"');
    expect(reasons[2]).toBe(
      "server https://10.0.0.5:6443 is neither loopback nor on the harness LAN 192.168.5.0/24",
    );
    expect(reasons[3]).toContain("api.example.com");
  });

  it("checks the named context, not only the current one", () => {
    const text = kubeconfig("kind-cc-run1", "https://127.0.0.1:1", "something-else");
    expect(checkHarnessKubeconfig(text, identity).ok).toBe(false);
    expect(checkHarnessKubeconfig(text, identity, "kind-cc-run1").ok).toBe(true);
  });

  it("refuses with exit 3 unless forced, never quoting the kubeconfig's secrets", () => {
    const text = kubeconfig("prod", "https://10.1.1.1:6443");
    let caught: unknown;
    try {
      assertHarnessKubeconfig(text, identity, { kubeconfigPath: "/r/kubeconfig" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect((caught as EnvironmentError).code).toBe("CC_ENV_CONTEXT_REFUSED");
    expect((caught as EnvironmentError).exitCode).toBe(3);
    expect((caught as EnvironmentError).message).not.toContain("VERY-SECRET-KEY");
    expect(() =>
      assertHarnessKubeconfig(text, identity, { kubeconfigPath: "/r/k", force: true }),
    ).not.toThrow();
  });

  it("reports unreadable input instead of crashing", () => {
    expect(checkHarnessKubeconfig("{{{", identity)).toEqual({
      ok: false,
      reason: "the kubeconfig is not valid YAML",
    });
  });
});
