import { describe, expect, it } from "vitest";
import { backendName, echoedHeader, parseEchoResponse } from "../../src/probes/echo-response.ts";

// Shaped like echo-basic's MarshalIndent output (one-space indent, Go canonical header names).
const answer = `{
 "path": "/v2/items?page=2",
 "host": "echo.home.example",
 "method": "GET",
 "proto": "HTTP/1.1",
 "headers": {
  "Accept": ["*/*"],
  "X-Forwarded-For": ["192.168.5.1"],
  "X-Added-By-Filter": ["one", "two"]
 },
 "namespace": "conformance-gw",
 "ingress": "",
 "service": "echo-v2",
 "pod": "echo-v2-7c9d5b8f4-qx2lm",
 "httpPort": "3000"
}`;

describe("parseEchoResponse", () => {
  it("reads which backend served and what it saw", () => {
    const parsed = parseEchoResponse(answer);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.echo).toMatchObject({
      path: "/v2/items?page=2",
      host: "echo.home.example",
      service: "echo-v2",
      pod: "echo-v2-7c9d5b8f4-qx2lm",
      namespace: "conformance-gw",
      httpPort: "3000",
    });
    expect(backendName(parsed.echo)).toBe("conformance-gw/echo-v2-7c9d5b8f4-qx2lm");
    expect(echoedHeader(parsed.echo, "x-added-by-filter")).toEqual(["one", "two"]);
    expect(echoedHeader(parsed.echo, "x-missing")).toBeUndefined();
  });

  it("leaves pod and namespace empty when the Downward API env vars were not set", () => {
    const parsed = parseEchoResponse('{"path":"/","host":"h","headers":{}}');
    expect(parsed.ok && parsed.echo.pod === "" && parsed.echo.namespace === "").toBe(true);
    if (parsed.ok) expect(backendName(parsed.echo)).toBe("(pod unknown)");
  });

  it("gives a reason for bodies that are not echo answers", () => {
    expect(parseEchoResponse("<html>502 Bad Gateway</html>")).toMatchObject({ ok: false });
    expect(parseEchoResponse("[1,2]")).toEqual({ ok: false, reason: "body is JSON but not an object" });
    // echo-basic's own error body: JSON, but not an echo
    const error = parseEchoResponse('{"message":"time: invalid duration"}');
    expect(error.ok).toBe(false);
    if (!error.ok) expect(error.reason).toContain("not an echo-basic answer");
  });
});
