import { describe, expect, it } from "vitest";
import { httpRouteParentRefs } from "../../../src/checks/rules/httproute-parent-refs.ts";
import { HOMELAB_GATEWAY, routeYaml } from "../gateway-yaml.ts";
import { findingsOf, GATEWAY_FILE, ROUTE_FILE } from "../model-builder.ts";

const check = (route: string, gateway = HOMELAB_GATEWAY) =>
  findingsOf(httpRouteParentRefs, { files: { [GATEWAY_FILE]: gateway, [ROUTE_FILE]: route } });

describe("httproute-parent-refs", () => {
  it("resolves a parentRef with namespace, sectionName and port", () => {
    expect(check(routeYaml({}))).toEqual([]);
    expect(
      check(
        routeYaml({
          parentRef:
            "    - name: homelab\n      namespace: gateway\n      sectionName: https\n      port: 443\n",
        }),
      ),
    ).toEqual([]);
  });

  it("defaults the namespace to the route's and says where the Gateway really is", () => {
    const [finding] = check(routeYaml({ parentRef: "    - name: homelab\n" }));
    expect(finding).toMatchObject({ severity: "error", file: ROUTE_FILE, line: 8 });
    expect(finding!.message).toContain("Gateway whoami/homelab, which is not in the repo");
    expect(finding!.message).toContain("set `namespace: gateway`");
  });

  it("reports a sectionName no listener has, listing the listeners", () => {
    const [finding] = check(
      routeYaml({ parentRef: "    - name: homelab\n      namespace: gateway\n      sectionName: web\n" }),
    );
    expect(finding!.message).toContain('sectionName "web"');
    expect(finding!.message).toContain("http (HTTP/80), https (HTTPS/443)");
    expect(finding!.line).toBe(10);
  });

  it("reports a port that does not match the named listener", () => {
    const [finding] = check(
      routeYaml({
        parentRef:
          "    - name: homelab\n      namespace: gateway\n      sectionName: http\n      port: 443\n",
      }),
    );
    expect(finding!.message).toContain("NoMatchingParent");
  });

  it("reports a route from another namespace when listeners allow only Same (the default)", () => {
    const sameOnly = HOMELAB_GATEWAY.replaceAll(
      "      allowedRoutes:\n        namespaces:\n          from: All\n",
      "",
    );
    const [finding] = check(routeYaml({}), sameOnly);
    expect(finding!.message).toContain("allowedRoutes.namespaces.from defaults to Same");
    expect(check(routeYaml({ namespace: "gateway" }), sameOnly)).toEqual([]);
  });

  it("ignores mesh (Service) parents", () => {
    expect(
      check(routeYaml({ parentRef: '    - group: ""\n      kind: Service\n      name: whoami\n' })),
    ).toEqual([]);
  });
});
