import { describe, expect, it } from "vitest";
import { findingHeadline, HEADLINE_MAX, sentences } from "../../src/report/finding-headline.ts";

const WHY =
  "LB-IPAM hands out every address of the block, and a Service given it is unreachable for LAN clients, " +
  "which broadcast to it instead of ARPing for the node that announces it, so whatever runs behind it is gone.";

describe("findingHeadline", () => {
  it("shows a message that fits whole, on one line", () => {
    const message =
      "kubeProxyReplacement is on but k8sServicePort is 0:\n  the agent needs the real port. Set `k8sServicePort: 6443`.";
    expect(findingHeadline(message)).toBe(
      "kubeProxyReplacement is on but k8sServicePort is 0: the agent needs the real port. Set `k8sServicePort: 6443`.",
    );
  });

  it("keeps what is wrong and everything from 'Fix:' on, leaving out the why", () => {
    const message = `Pool p: block 10.0.0.0/24 includes 10.0.0.255, the broadcast address. ${WHY} ${WHY} Fix: set \`stop: 10.0.0.254\`. Then reconcile the pool.`;
    expect(findingHeadline(message)).toBe(
      "Pool p: block 10.0.0.0/24 includes 10.0.0.255, the broadcast address. … Fix: set `stop: 10.0.0.254`. Then reconcile the pool.",
    );
  });

  it("takes the last sentence as the fix when no sentence starts with 'Fix:'", () => {
    const message = `Gateway g has no listeners. ${WHY} ${WHY} Add e.g. \`listeners: [{ name: http, protocol: HTTP, port: 80 }]\`.`;
    expect(findingHeadline(message)).toBe(
      "Gateway g has no listeners. … Add e.g. `listeners: [{ name: http, protocol: HTTP, port: 80 }]`.",
    );
  });

  it("drops the asides of what is wrong only when the line would be too long with them", () => {
    const aside = "(LAN taken as 10.0.0.0/24, the /24 around the pool, since no `lan.cidr` is declared)";
    const fits = `Pool p includes 10.0.0.255 ${aside}. Set \`stop: 10.0.0.254\`.`;
    expect(findingHeadline(fits)).toBe(fits);
    const tooLong = `Pool p includes 10.0.0.255 ${aside}. ${WHY} ${WHY} Set \`stop: 10.0.0.254\`.`;
    expect(findingHeadline(tooLong)).toBe(`Pool p includes 10.0.0.255 ${aside}. … Set \`stop: 10.0.0.254\`.`);
    const longAside = `(${"the /24 around the pool, since nothing else was declared, ".repeat(5)}and so on)`;
    expect(findingHeadline(`Pool p includes 10.0.0.255 ${longAside}. ${WHY} Set \`stop: 10.0.0.254\`.`)).toBe(
      "Pool p includes 10.0.0.255. … Set `stop: 10.0.0.254`.",
    );
  });

  it("stays within its budget and cuts between words when even the parts are too long", () => {
    const what = `Pool p ${"overlaps another block ".repeat(20)}badly.`;
    const fix = `Fix: ${"move the block ".repeat(30)}away.`;
    const headline = findingHeadline(`${what} ${WHY} ${fix}`);
    expect(headline.length).toBeLessThanOrEqual(HEADLINE_MAX);
    expect(headline).toMatch(
      /^Pool p (overlaps another block )+overlaps… Fix: (move the block )+(move|move the)…$/,
    );
  });

  it("cuts a single long sentence, which has no separate fix, to the budget", () => {
    const headline = findingHeadline(`Pool p ${"is wrong ".repeat(60)}`);
    expect(headline.length).toBeLessThanOrEqual(HEADLINE_MAX);
    expect(headline).toMatch(/^Pool p (is wrong )+is( wrong)?…$/);
  });
});

describe("sentences", () => {
  it("splits after a full stop before a capital or a backtick, not inside addresses, versions or 'e.g.'", () => {
    expect(
      sentences(
        "Block 192.168.5.30–192.168.5.255 (see .cilium-conformance.yaml) is removed in 1.18.0. Write it e.g. `stop: 1.2.3.4`. `x` is gone! Done?",
      ),
    ).toEqual([
      "Block 192.168.5.30–192.168.5.255 (see .cilium-conformance.yaml) is removed in 1.18.0.",
      "Write it e.g. `stop: 1.2.3.4`.",
      "`x` is gone!",
      "Done?",
    ]);
  });

  it("ends a sentence after a closing quote or bracket", () => {
    expect(sentences('The apply fails with "no matches for kind." Set `apiVersion: cilium.io/v2`.')).toEqual([
      'The apply fails with "no matches for kind."',
      "Set `apiVersion: cilium.io/v2`.",
    ]);
  });
});
