import { describe, expect, it } from "vitest";
import { answerCluster } from "../../../../rehearsal/workloads/coredns/cluster-zone.ts";
import {
  parseQuery,
  RCODE,
  TYPE,
  writeResponse,
} from "../../../../rehearsal/workloads/coredns/dns-message.ts";

const zone = "cluster.local";
const data = {
  services: [
    {
      name: "echo-kpr",
      namespace: "suite",
      clusterIP: "10.96.14.7",
      headless: false,
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    },
    { name: "peers", namespace: "suite", clusterIP: undefined, headless: true, ports: [] },
  ],
  endpoints: new Map([["suite/peers", ["10.244.1.4", "10.244.2.5"]]]),
  namespaces: new Set(["suite", "default"]),
};

describe("the cluster zone (CoreDNS kubernetes plugin, Kubernetes DNS spec)", () => {
  it("answers a Service's ClusterIP and a headless Service's ready endpoints", () => {
    expect(
      answerCluster("echo-kpr.suite.svc.cluster.local", TYPE.A, zone, data)?.answers.map((a) => a.data),
    ).toEqual([{ type: TYPE.A, address: "10.96.14.7" }]);
    expect(answerCluster("peers.suite.svc.cluster.local", TYPE.A, zone, data)?.answers).toHaveLength(2);
  });

  it("says NXDOMAIN for the search-path misses a client with ndots:5 tries first, NODATA for AAAA", () => {
    const miss = answerCluster("echo-kpr.suite.svc.suite.svc.cluster.local", TYPE.A, zone, data);
    expect(miss).toMatchObject({ rcode: RCODE.NXDOMAIN, answers: [] });
    expect(miss?.authority[0]?.data.type).toBe(TYPE.SOA);
    expect(answerCluster("echo-kpr.suite.svc.cluster.local", TYPE.AAAA, zone, data)).toMatchObject({
      rcode: RCODE.NOERROR,
      answers: [],
    });
    expect(answerCluster("example.com", TYPE.A, zone, data)).toBeUndefined();
  });

  it("answers pod names, SRV for named ports and PTR for ClusterIPs", () => {
    expect(answerCluster("10-244-1-4.suite.pod.cluster.local", TYPE.A, zone, data)?.answers[0]?.data).toEqual(
      { type: TYPE.A, address: "10.244.1.4" },
    );
    expect(
      answerCluster("_http._tcp.echo-kpr.suite.svc.cluster.local", TYPE.SRV, zone, data)?.answers[0]?.data,
    ).toMatchObject({ port: 8080, target: "echo-kpr.suite.svc.cluster.local" });
    expect(answerCluster("7.14.96.10.in-addr.arpa", TYPE.PTR, zone, data)?.answers[0]?.data).toEqual({
      type: TYPE.PTR,
      target: "echo-kpr.suite.svc.cluster.local",
    });
  });

  it("writes a response a resolver reads: id, flags, the question echoed", () => {
    // id 0x1234, RD, one question: echo.svc A IN
    const query = Buffer.from("123401000001000000000000046563686f037376630000010001", "hex");
    const parsed = parseQuery(query);
    expect(parsed.questions).toEqual([{ name: "echo.svc", type: 1, class: 1 }]);
    const response = writeResponse(parsed, {
      rcode: RCODE.NXDOMAIN,
      authoritative: true,
      answers: [],
      authority: [],
    });
    expect(response.readUInt16BE(0)).toBe(0x1234);
    expect(response.readUInt16BE(2) & 0x800f).toBe(0x8003);
    expect(response.readUInt16BE(4)).toBe(1);
  });
});
