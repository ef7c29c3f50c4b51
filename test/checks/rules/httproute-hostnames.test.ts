import { describe, expect, it } from "vitest";
import { hostnamesIntersect } from "../../../src/checks/gateway-api-objects.ts";
import { httpRouteHostnames } from "../../../src/checks/rules/httproute-hostnames.ts";
import { HOMELAB_GATEWAY, routeYaml } from "../gateway-yaml.ts";
import { findingsOf, GATEWAY_FILE, ROUTE_FILE } from "../model-builder.ts";

const check = (hostnames: string[]) =>
  findingsOf(httpRouteHostnames, {
    files: { [GATEWAY_FILE]: HOMELAB_GATEWAY, [ROUTE_FILE]: routeYaml({ hostnames }) },
  });

describe("hostnamesIntersect (Gateway API rules)", () => {
  it("follows the wildcard rules", () => {
    expect(hostnamesIntersect("*.example.net", "a.example.net")).toBe(true);
    expect(hostnamesIntersect("*.example.net", "a.b.example.net")).toBe(true);
    expect(hostnamesIntersect("*.example.net", "example.net")).toBe(false);
    expect(hostnamesIntersect("a.example.net", "*.example.net")).toBe(true);
    expect(hostnamesIntersect("*.a.example.net", "*.example.net")).toBe(true);
    expect(hostnamesIntersect("a.example.net", "b.example.net")).toBe(false);
  });
});

describe("httproute-hostnames", () => {
  it("accepts hostnames under the listener's wildcard", () => {
    expect(check(["whoami.home.example.net", "grafana.home.example.net"])).toEqual([]);
  });

  it("errors when no hostname matches: the apex is not covered by *.", () => {
    const [finding] = check(["home.example.net"]);
    expect(finding).toMatchObject({ severity: "error", line: 10 });
    expect(finding!.message).toContain("NoMatchingListenerHostname");
  });

  it("warns about one stray hostname among matching ones", () => {
    const findings = check(["whoami.home.example.net", "whoami.example.org"]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "warning", line: 12 });
  });

  it("rejects an invalid hostname", () => {
    expect(check(["Whoami.home.example.net"])[0]!.message).toContain("lowercase DNS name");
  });
});
