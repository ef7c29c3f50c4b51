import { describe, expect, it } from "vitest";
import { waitForApiServer } from "../../../../../rehearsal/cilium/agent/startup/wait-for-apiserver.ts";
import { createLogger } from "../../../../../rehearsal/cilium/log-line.ts";
import { KubeRestClient } from "../../../../../rehearsal/k8s/kube-rest-client.ts";
import { startServiceAccountApi } from "../../../support/service-account-api.ts";

describe("waitForApiServer (pkg/k8s/client waitForConn)", () => {
  it("gives up with 'Unable to contact k8s api-server' when nothing answers at k8sServiceHost:k8sServicePort", async () => {
    const lines: string[] = [];
    const client = new KubeRestClient({ server: "https://127.0.0.1:1" });
    try {
      await expect(
        waitForApiServer(
          client,
          createLogger((l) => lines.push(l)),
          // A budget a loaded machine cannot eat in one refused connect (the count of attempts is asserted).
          { timeoutMs: 3000, retryMs: 100 },
        ),
      ).rejects.toThrow(/unable to contact k8s api-server https:\/\/127\.0\.0\.1:1/);
    } finally {
      await client.close();
    }
    expect(
      lines.filter((l) => l.includes("Establishing connection to apiserver")).length,
    ).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/level=error msg="Unable to contact k8s api-server"/);
  });

  it("connects once kube-system can be read", async () => {
    const { api, client } = await startServiceAccountApi();
    try {
      api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } });
      const lines: string[] = [];
      await waitForApiServer(
        client,
        createLogger((l) => lines.push(l)),
        { timeoutMs: 2000, retryMs: 100 },
      );
      expect(lines.at(-1)).toContain('msg="Connected to apiserver"');
    } finally {
      await client.close();
      await api.close();
    }
  });
});
