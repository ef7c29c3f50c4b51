import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildGetFlowsRequest, flowMatchesQuery } from "../../../src/probes/hubble/flow-query.ts";
import { parseJsonpbLines } from "../../../src/probes/hubble/jsonpb-lines.ts";

describe("buildGetFlowsRequest", () => {
  it("asks for flows from or to a namespace as two whitelist filters, with the verdict in each", () => {
    const request = buildGetFlowsRequest({
      namespace: "conformance-http",
      verdicts: ["DROPPED"],
      since: new Date("2026-11-20T09:00:02.250Z"),
    });
    expect(request).toEqual({
      follow: false,
      whitelist: [
        { source_pod: ["conformance-http/"], verdict: ["DROPPED"] },
        { destination_pod: ["conformance-http/"], verdict: ["DROPPED"] },
      ],
      since: { seconds: "1795165202", nanos: 250_000_000 },
    });
  });

  it("narrows to a pod prefix, and asks for the last N without a window", () => {
    expect(buildGetFlowsRequest({ namespace: "ns", pod: "echo-v1-", number: 50 })).toEqual({
      follow: false,
      whitelist: [{ source_pod: ["ns/echo-v1-"] }, { destination_pod: ["ns/echo-v1-"] }],
      number: "50",
    });
    expect(buildGetFlowsRequest({ verdicts: ["DROPPED", "ERROR"] })).toEqual({
      follow: false,
      whitelist: [{ verdict: ["DROPPED", "ERROR"] }],
      number: "1000",
    });
  });
});

describe("flowMatchesQuery on a saved file", () => {
  const flows = parseJsonpbLines(
    readFileSync(new URL("../fixtures/hubble/flows.jsonl", import.meta.url), "utf8"),
  ).flows;

  it("selects drops in a namespace since a time", () => {
    const selected = flows.filter((flow) =>
      flowMatchesQuery(flow, {
        namespace: "conformance-http",
        verdicts: ["DROPPED"],
        since: new Date("2026-11-20T09:00:02Z"),
      }),
    );
    expect(selected.map((flow) => flow.dropReason)).toEqual(["POLICY_DENIED", "POLICY_DENY"]);
  });

  it("selects by pod prefix on either side, and by until", () => {
    const echo = flows.filter((flow) =>
      flowMatchesQuery(flow, {
        namespace: "conformance-http",
        pod: "echo-v1-",
        until: new Date("2026-11-20T09:00:04Z"),
      }),
    );
    expect(echo.map((flow) => flow.time.slice(11, 23))).toEqual([
      "09:00:01.100",
      "09:00:01.100",
      "09:00:03.000",
      "09:00:03.004",
    ]);
  });
});
