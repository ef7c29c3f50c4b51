import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvironmentError } from "../../src/errors.ts";
import { type KubeContextInfo, openKubeClient } from "../../src/k8s/kube-client.ts";
import { getObject } from "../../src/k8s/read-objects.ts";
import { FakeKubeApi } from "../support/fake-kube-api.ts";

describe("openKubeClient", () => {
  let api: FakeKubeApi;
  let kubeconfigPath: string;
  beforeEach(async () => {
    api = await FakeKubeApi.start();
    kubeconfigPath = await api.writeKubeconfig({
      contexts: ["kind-cc-1", "home-prod"],
      current: "home-prod",
    });
  });
  afterEach(() => api.close());

  it("hands the chosen context to the guard and talks to its server", async () => {
    const seen: KubeContextInfo[] = [];
    const client = openKubeClient({
      kubeconfigPath,
      context: "kind-cc-1",
      guard: (context) => {
        seen.push(context);
        return { allowed: true };
      },
    });
    expect(seen).toEqual([{ name: "kind-cc-1", cluster: "kind-cc-1", server: api.url, user: "kind-cc-1" }]);
    api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } });
    expect(
      (await getObject(client, { apiVersion: "v1", kind: "Namespace", name: "demo" }))?.metadata.name,
    ).toBe("demo");
  });

  it("refuses a context the guard rejects, with CC_ENV_CONTEXT_REFUSED and the reason", () => {
    const open = () =>
      openKubeClient({
        kubeconfigPath,
        guard: (context) =>
          context.name.startsWith("kind-cc-")
            ? { allowed: true }
            : { allowed: false, reason: "not a cluster this harness created" },
      });
    expect(open).toThrow(EnvironmentError);
    try {
      open();
    } catch (error) {
      expect((error as EnvironmentError).code).toBe("CC_ENV_CONTEXT_REFUSED");
      expect((error as EnvironmentError).message).toContain("refusing kube context home-prod");
      expect((error as EnvironmentError).message).toContain("not a cluster this harness created");
      expect((error as EnvironmentError).exitCode).toBe(3);
    }
  });

  it("names the known contexts when the asked one does not exist", () => {
    expect(() =>
      openKubeClient({ kubeconfigPath, context: "nope", guard: () => ({ allowed: true }) }),
    ).toThrow(/has no context "nope" \(it has: kind-cc-1, home-prod\)/);
  });

  it("reports an unreadable kubeconfig as an environment error", () => {
    try {
      openKubeClient({ kubeconfigPath: "/nonexistent/kubeconfig", guard: () => ({ allowed: true }) });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).code).toBe("CC_ENV_CONTEXT_MISSING");
    }
  });
});
