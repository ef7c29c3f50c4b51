import { describe, expect, it } from "vitest";
import { canonicalHeader, echoBody, echoSetHeaders } from "../../../rehearsal/workloads/echo-response.ts";
import { parseEchoResponse } from "../../../src/probes/echo-response.ts";

const context = { namespace: "suite", ingress: "", service: "", pod: "echo-a-5d8-x2", httpPort: "3000" };

describe("echo-basic's answer (gateway-api v1.5.1 conformance/echo-basic)", () => {
  it("has Go's field order, canonical header names without Host, one-space indentation and HTML escaping", () => {
    const body = echoBody(
      {
        url: "/prefix/x?q=<1>",
        host: "b.conformance.test",
        method: "GET",
        httpVersion: "1.1",
        rawHeaders: [
          "Host",
          "b.conformance.test",
          "x-echo-backend",
          "b",
          "user-agent",
          "undici",
          "X-Echo-Backend",
          "c",
        ],
      },
      context,
    );
    expect(Object.keys(JSON.parse(body))).toEqual([
      "path",
      "host",
      "method",
      "proto",
      "headers",
      "httpPort",
      "namespace",
      "ingress",
      "service",
      "pod",
    ]);
    expect(JSON.parse(body).headers).toEqual({ "User-Agent": ["undici"], "X-Echo-Backend": ["b", "c"] });
    expect(body).toContain('\n "path": "/prefix/x?q=\\u003c1\\u003e",');
    expect(JSON.parse(body)).toMatchObject({
      proto: "HTTP/1.1",
      httpPort: "3000",
      namespace: "suite",
      pod: "echo-a-5d8-x2",
    });
  });

  it("is read by the harness's own echo parser", () => {
    const body = echoBody(
      { url: "/", host: "h", method: "GET", httpVersion: "1.1", rawHeaders: [] },
      context,
    );
    expect(parseEchoResponse(body)).toMatchObject({
      ok: true,
      echo: { namespace: "suite", pod: "echo-a-5d8-x2", path: "/" },
    });
  });

  it("canonicalises names and sets X-Echo-Set-Header's headers", () => {
    expect(canonicalHeader("x-forwarded-for")).toBe("X-Forwarded-For");
    expect(echoSetHeaders({ "x-echo-set-header": "X-One: 1, X-Two: 2" })).toEqual({
      "X-One": " 1",
      "X-Two": " 2",
    });
  });
});
