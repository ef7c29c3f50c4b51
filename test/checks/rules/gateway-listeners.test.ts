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
    expect(messages).toContain(
      "is HTTPS but has no `tls`: the API server rejects the Gateway (\"tls must be specified for protocols ['HTTPS', 'TLS']\")",
    );
    expect(messages).toContain("an IP address is not allowed");
    expect(messages).toContain("port between 1 and 65535");
    expect(messages).toContain("case-sensitive");
  });

  it("says what the CRD validation and Cilium do with TLS listeners without a certificate", () => {
    const messagesOf = (listener: string) => check(gatewayWith(listener)).map((finding) => finding.message);
    const terminate = messagesOf(
      "    - name: https\n      protocol: HTTPS\n      port: 443\n      tls:\n        mode: Terminate\n",
    );
    expect(terminate).toHaveLength(1);
    expect(terminate[0]).toContain(
      'terminates TLS but has no `tls.certificateRefs`: the API server rejects the Gateway ("certificateRefs or options must be specified when mode is Terminate")',
    );
    // A TLS listener in the default mode (Terminate) needs a certificate too.
    expect(
      messagesOf("    - name: tls\n      protocol: TLS\n      port: 8443\n      tls: {}\n")[0],
    ).toContain("certificateRefs or options must be specified");
    expect(
      messagesOf(
        "    - name: tls\n      protocol: TLS\n      port: 8443\n      tls:\n        options:\n          example.com/cert: x\n",
      )[0],
    ).toContain("the API server accepts it, but Cilium takes the certificate only from certificateRefs");
    expect(
      messagesOf(
        "    - name: tls\n      protocol: TLS\n      port: 8443\n      tls:\n        mode: Passthrough\n",
      ),
    ).toEqual([]);
    expect(
      messagesOf(
        "    - name: https\n      protocol: HTTPS\n      port: 443\n      tls:\n        certificateRefs:\n          - name: cert\n",
      ),
    ).toEqual([]);
  });

  it("names the protocols Cilium serves, with TCP/UDP only from 1.20", () => {
    const [finding] = check(gatewayWith("    - name: sctp\n      protocol: SCTP\n      port: 9\n"));
    expect(finding!.message).toContain("not Accepted (UnsupportedProtocol)");
    expect(finding!.message).toContain(
      "TCP and UDP listeners carry traffic only from Cilium 1.20, with TCPRoute/UDPRoute from the experimental CRDs",
    );
    expect(finding!.message).not.toContain("TCP/UDP with the experimental routes");
  });

  it("reports a Gateway without listeners", () => {
    expect(
      check(gatewayWith("    []\n").replace("  listeners:\n    []", "  listeners: []"))[0]!.message,
    ).toContain("has no listeners");
  });
});
