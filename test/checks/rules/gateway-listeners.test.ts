import { describe, expect, it } from "vitest";
import { gatewayListeners } from "../../../src/checks/rules/gateway-listeners.ts";
import { HOMELAB_GATEWAY } from "../gateway-yaml.ts";
import { findingsOf, GATEWAY_FILE } from "../model-builder.ts";

const gatewayWith = (listeners: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: lab\n  namespace: gateway\nspec:\n  gatewayClassName: cilium\n  listeners:\n${listeners}`;
const check = (yaml: string) => findingsOf(gatewayListeners, { files: { [GATEWAY_FILE]: yaml } });

describe("gateway-listeners", () => {
  it("accepts the homelab Gateway (HTTP and HTTPS with a certificate)", () => {
    expect(check(HOMELAB_GATEWAY)).toEqual([]);
  });

  it("reports duplicate listener names at the second name", () => {
    const findings = check(
      gatewayWith(
        "    - name: web\n      protocol: HTTP\n      port: 80\n    - name: web\n      protocol: HTTP\n      port: 8080\n",
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 12 });
    expect(findings[0]!.message).toContain('two listeners are named "web"');
  });

  it("reports HTTP and HTTPS on one port as a protocol conflict", () => {
    const yaml = gatewayWith(
      "    - name: http\n      protocol: HTTP\n      port: 443\n    - name: https\n      protocol: HTTPS\n      port: 443\n      tls:\n        certificateRefs:\n          - name: cert\n",
    );
    expect(check(yaml)[0]!.message).toContain("ProtocolConflict");
  });

  it("reports same protocol, port and hostname as a hostname conflict", () => {
    const yaml = gatewayWith(
      "    - name: a\n      protocol: HTTP\n      port: 80\n    - name: b\n      protocol: HTTP\n      port: 80\n",
    );
    expect(check(yaml)[0]!.message).toContain("HostnameConflict");
    const distinct = gatewayWith(
      "    - name: a\n      protocol: HTTP\n      port: 80\n      hostname: a.example.net\n    - name: b\n      protocol: HTTP\n      port: 80\n      hostname: b.example.net\n",
    );
    expect(check(distinct)).toEqual([]);
  });

  it("reports HTTPS without certificates, bad hostnames, ports and protocols", () => {
    const yaml = gatewayWith(
      '    - name: https\n      protocol: HTTPS\n      port: 443\n    - name: ip\n      protocol: HTTP\n      port: 80\n      hostname: "192.168.5.40"\n    - name: big\n      protocol: http\n      port: 70000\n',
    );
    const messages = check(yaml)
      .map((finding) => finding.message)
      .join("\n");
    expect(messages).toContain("has no `tls.certificateRefs`");
    expect(messages).toContain("an IP address is not allowed");
    expect(messages).toContain("port between 1 and 65535");
    expect(messages).toContain("case-sensitive");
  });

  it("reports a Gateway without listeners", () => {
    expect(
      check(gatewayWith("    []\n").replace("  listeners:\n    []", "  listeners: []"))[0]!.message,
    ).toContain("has no listeners");
  });
});
