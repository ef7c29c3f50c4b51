import { describe, expect, it } from "vitest";
import { gatewayClassKnown } from "../../../src/checks/rules/gateway-class-known.ts";
import { HOMELAB_GATEWAY } from "../gateway-yaml.ts";
import { findingsOf, GATEWAY_FILE } from "../model-builder.ts";

const withClass = (name: string) =>
  HOMELAB_GATEWAY.replace("gatewayClassName: cilium", `gatewayClassName: ${name}`);
const gatewayClass = (name: string, controller: string) =>
  `---\napiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: ${name}\nspec:\n  controllerName: ${controller}\n`;

describe("gateway-class-known", () => {
  it("accepts Cilium's built-in class", () => {
    expect(findingsOf(gatewayClassKnown, { files: { [GATEWAY_FILE]: HOMELAB_GATEWAY } })).toEqual([]);
  });

  it("accepts a repo GatewayClass with Cilium's controller", () => {
    const files = { [GATEWAY_FILE]: withClass("lan") + gatewayClass("lan", "io.cilium/gateway-controller") };
    expect(findingsOf(gatewayClassKnown, { files })).toEqual([]);
  });

  it("warns about a class owned by another controller", () => {
    const files = {
      [GATEWAY_FILE]:
        withClass("nginx") + gatewayClass("nginx", "gateway.nginx.org/nginx-gateway-controller"),
    };
    const [finding] = findingsOf(gatewayClassKnown, { files });
    expect(finding).toMatchObject({ severity: "warning", line: 7 });
    expect(finding!.message).toContain("not Cilium's io.cilium/gateway-controller");
  });

  it("errors on an unknown class name", () => {
    const [finding] = findingsOf(gatewayClassKnown, { files: { [GATEWAY_FILE]: withClass("cillium") } });
    expect(finding!.severity).toBe("error");
    expect(finding!.message).toContain("`gatewayClassName: cilium`");
  });
});
