import { describe, expect, it } from "vitest";
import { annotatedIpRequests } from "../../src/checks/lb-ip-requests.ts";

describe("annotatedIpRequests", () => {
  it("splits each read annotation's comma list, trimmed, in the order of the names given", () => {
    const annotations = {
      "lbipam.cilium.io/ips": " 192.168.5.40, ,192.168.5.41 ",
      "io.cilium/lb-ipam-ips": "not-an-ip",
      "other/ips": "192.168.5.99",
    };
    expect(
      annotatedIpRequests(
        annotations,
        ["lbipam.cilium.io/ips", "io.cilium/lb-ipam-ips"],
        ["metadata", "annotations"],
      ),
    ).toEqual([
      {
        text: "192.168.5.40",
        path: ["metadata", "annotations", "lbipam.cilium.io/ips"],
        via: "annotation lbipam.cilium.io/ips",
      },
      {
        text: "192.168.5.41",
        path: ["metadata", "annotations", "lbipam.cilium.io/ips"],
        via: "annotation lbipam.cilium.io/ips",
      },
      {
        text: "not-an-ip",
        path: ["metadata", "annotations", "io.cilium/lb-ipam-ips"],
        via: "annotation io.cilium/lb-ipam-ips",
      },
    ]);
  });

  it("ignores names that are absent or not strings", () => {
    expect(annotatedIpRequests({ "lbipam.cilium.io/ips": 42 }, ["lbipam.cilium.io/ips", "x"], [])).toEqual(
      [],
    );
  });
});
