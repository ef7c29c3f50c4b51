import { describe, expect, it } from "vitest";
import type { EchoResponse } from "../../src/probes/echo-response.ts";
import { checkObservation } from "../../src/probes/http-expectation.ts";
import type { HttpObservation } from "../../src/probes/http-observation.ts";

const echo: EchoResponse = {
  path: "/prefix/rewritten",
  host: "app.home.example",
  method: "GET",
  proto: "HTTP/1.1",
  headers: { "X-Header-Set": ["set-by-filter"] },
  namespace: "conformance",
  ingress: "",
  service: "echo-v1",
  pod: "echo-v1-5f7d8-abcde",
};

function observed(overrides: Partial<HttpObservation> = {}): HttpObservation {
  return { sentAtMs: 0, latencyMs: 3, status: 200, bodySnippet: "{}", echo, ...overrides };
}

describe("checkObservation", () => {
  it("matches when every set field agrees", () => {
    const check = checkObservation(observed(), {
      service: "echo-v1",
      podPrefix: "echo-v1-",
      namespace: "conformance",
      path: "/prefix/rewritten",
      host: "app.home.example",
      headers: { "x-header-set": "set-by-filter" },
    });
    expect(check).toEqual({ matches: true, mismatches: [] });
  });

  it("names every difference", () => {
    const check = checkObservation(observed({ status: 503 }), {
      service: "echo-v2",
      podPrefix: "echo-v2-",
      headers: { "X-Header-Set": "other", "X-Absent": "1" },
    });
    expect(check.matches).toBe(false);
    expect(check.mismatches).toEqual([
      "status 503 (want 200)",
      'service "echo-v1" (want "echo-v2")',
      'pod "echo-v1-5f7d8-abcde" (want prefix "echo-v2-")',
      'header X-Header-Set "set-by-filter" (want "other")',
      'header X-Absent not received (want "1")',
    ]);
  });

  it("reports a transport error as the only mismatch", () => {
    const check = checkObservation(
      { sentAtMs: 0, latencyMs: 1, bodySnippet: "", errorCode: "ECONNREFUSED" },
      { service: "echo-v1" },
    );
    expect(check).toEqual({ matches: false, mismatches: ["no response (ECONNREFUSED)"] });
  });

  it("checks only the status when no backend field is asked for", () => {
    const plain = observed({ status: 302, location: "https://x/", bodySnippet: "" });
    delete plain.echo;
    expect(checkObservation(plain, { status: 302 }).matches).toBe(true);
    expect(checkObservation(plain, { status: 302, service: "echo-v1" }).mismatches).toEqual([
      "no echo answer (not parsed)",
    ]);
  });

  it("checks a redirect's location, and that the echo's service list names one of the wanted Services", () => {
    const redirect = observed({ status: 301, location: "https://app.home.example/new" });
    delete redirect.echo;
    expect(
      checkObservation(redirect, { status: 301, location: "https://app.home.example/new" }).matches,
    ).toBe(true);
    expect(
      checkObservation(redirect, { status: 301, location: "https://app.home.example/" }).mismatches,
    ).toEqual(["location https://app.home.example/new (want https://app.home.example/)"]);
    const shared = observed({ echo: { ...echo, service: "pihole-dns-tcp,pihole-web" } });
    expect(checkObservation(shared, { serviceIn: ["pihole-web"] }).matches).toBe(true);
    expect(checkObservation(shared, { serviceIn: ["grafana", "pihole"] }).mismatches).toEqual([
      'service "pihole-dns-tcp,pihole-web" (want one of grafana, pihole)',
    ]);
  });
});
