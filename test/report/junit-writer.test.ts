import { describe, expect, it } from "vitest";
import { renderJunit } from "../../src/report/junit-writer.ts";
import {
  attributeOf,
  childrenNamed,
  firstChild,
  readXml,
  type XmlElement,
} from "../../src/report/tolerant-xml-reader.ts";
import { sampleReport } from "./sample-report.ts";

const parse = (xml: string) => readXml(xml, { strict: true });
const suiteNamed = (root: XmlElement, name: string) =>
  childrenNamed(root, "testsuite").find((suite) => attributeOf(suite, "name") === name);

describe("renderJunit", () => {
  it("writes strictly valid XML with one testsuite per suite, findings first", () => {
    const root = parse(renderJunit(sampleReport()));
    expect(root.name).toBe("testsuites");
    expect(childrenNamed(root, "testsuite").map((s) => attributeOf(s, "name"))).toEqual([
      "static-checks",
      "provisioning",
      "lb-ipam",
      "l2-announcements",
      "connectivity",
    ]);
    expect(attributeOf(root, "tests")).toBe("10");
    expect(attributeOf(root, "failures")).toBe("2");
    expect(attributeOf(root, "skipped")).toBe("1");
  });

  it("gives each connectivity test its own testcase with its failure text", () => {
    const connectivity = suiteNamed(parse(renderJunit(sampleReport())), "connectivity");
    const cases = childrenNamed(connectivity as XmlElement, "testcase");
    expect(cases.map((c) => attributeOf(c, "name"))).toEqual(["no-policies", "to-fqdns", "client-egress-l7"]);
    expect(attributeOf(firstChild(cases[1] as XmlElement, "skipped") as XmlElement, "message")).toBe(
      "to-fqdns skipped",
    );
    const failure = firstChild(cases[2] as XmlElement, "failure") as XmlElement;
    expect(failure.text).toBe("client-egress-l7/pod-to-pod:curl-ipv4-2: a (10.0.0.1) -> b (10.0.0.2:8080)");
    expect(attributeOf(failure, "message")).toBe("1 action(s) failed, first pod-to-pod:curl-ipv4-2 (a -> b)");
    expect(attributeOf(cases[2] as XmlElement, "time")).toBe("30.400");
  });

  it("writes a broken provisioning case as an <error type=infrastructure>", () => {
    const model = sampleReport();
    model.suites = [
      {
        name: "provisioning",
        title: "Provisioning",
        source: "provisioning",
        cases: [
          {
            name: "Infrastructure/Provisioning",
            status: "broken",
            infrastructure: true,
            durationMs: 300,
            failureMessage: "preflight: docker is not running",
            failureText: "preflight: docker is not running\nfix: start it",
          },
        ],
      },
    ];
    model.findings = [];
    const testcase = firstChild(
      suiteNamed(parse(renderJunit(model)), "provisioning") as XmlElement,
      "testcase",
    );
    expect(attributeOf(testcase as XmlElement, "name")).toBe("Infrastructure/Provisioning");
    const error = firstChild(testcase as XmlElement, "error") as XmlElement;
    expect(attributeOf(error, "type")).toBe("infrastructure");
    expect(error.text).toBe("preflight: docker is not running\nfix: start it");
  });

  it("escapes markup, quotes, newlines and characters XML cannot carry, round-tripping the rest", () => {
    const model = sampleReport();
    const nasty = 'a "quoted" <tag> & ]]> \u0007bell\nsecond line\ttab \uD83D\uDE00 \uD800lone';
    model.suites = [
      {
        name: 'odd "suite" <x>',
        title: "Odd",
        source: "vitest",
        cases: [{ name: nasty, status: "failed", durationMs: 1, failureMessage: nasty, failureText: nasty }],
      },
    ];
    model.findings = [];
    const suite = childrenNamed(parse(renderJunit(model)), "testsuite")[0] as XmlElement;
    expect(attributeOf(suite, "name")).toBe('odd "suite" <x>');
    const testcase = firstChild(suite, "testcase") as XmlElement;
    const expected = nasty.replace("\u0007", "\uFFFD").replace("\uD800", "\uFFFD");
    expect(attributeOf(testcase, "name")).toBe(expected);
    expect(firstChild(testcase, "failure")?.text).toBe(expected);
  });

  it("puts figures and attachment paths in system-out", () => {
    const l2 = suiteNamed(parse(renderJunit(sampleReport())), "l2-announcements") as XmlElement;
    const [arp, failover] = childrenNamed(l2, "testcase");
    expect(firstChild(arp as XmlElement, "system-out")?.text).toBe(
      "attachment: ARP transcript → attachments/arp-1.txt",
    );
    expect(firstChild(failover as XmlElement, "system-out")?.text).toBe(
      "failover time: 31.2 s (limit 30 s) — two MACs answered for 0 ms",
    );
  });
});
