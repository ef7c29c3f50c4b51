import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inClusterConfig, serverUrl } from "../../../rehearsal/k8s/kube-config.ts";

describe("inClusterConfig", () => {
  it("takes the server from KUBERNETES_SERVICE_HOST/PORT and the token and CA from the ServiceAccount folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-sa-"));
    writeFileSync(join(dir, "token"), "tok-1\n");
    writeFileSync(join(dir, "ca.crt"), "PEM");
    writeFileSync(join(dir, "namespace"), "kube-system");
    const config = inClusterConfig({
      KUBERNETES_SERVICE_HOST: "192.168.5.10",
      KUBERNETES_SERVICE_PORT: "6443",
      CC_SERVICEACCOUNT_DIR: dir,
    });
    expect(config.server).toBe("https://192.168.5.10:6443");
    expect(config.token()).toBe("tok-1");
    expect(config.ca).toBe("PEM");
    expect(config.namespace).toBe("kube-system");
    writeFileSync(join(dir, "token"), "tok-2");
    expect(config.token(), "a rotated token is read again").toBe("tok-2");
  });

  it("refuses to run without the two variables, with client-go's message", () => {
    expect(() => inClusterConfig({ KUBERNETES_SERVICE_HOST: "10.0.0.1" })).toThrow(
      /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined/,
    );
  });

  it("brackets IPv6 hosts", () => {
    expect(serverUrl("fd00::1", "6443")).toBe("https://[fd00::1]:6443");
  });
});
