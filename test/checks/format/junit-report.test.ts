import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/checks/finding.ts";
import { renderJunitReport } from "../../../src/checks/format/junit-report.ts";
import { escapeXml } from "../../../src/checks/format/xml-escape.ts";
import { attributeOf, childrenNamed, firstChild, readXml } from "../../../src/report/tolerant-xml-reader.ts";

const rules = [
  { id: "pool-overlap", title: "No two blocks overlap" },
  {
    id: "pool-lan-collisions",
    title: "Pools stay clear of <network> & broadcast",
    emits: ["pool-includes-broadcast-address"],
  },
  { id: "removed-values-key", title: "No removed values keys" },
];

const findings: Finding[] = [
  {
    id: "pool-includes-broadcast-address",
    severity: "error",
    message: 'Ends at "192.168.5.255" <broadcast> & more',
    file: "pool.yaml",
    line: 8,
  },
  {
    id: "removed-values-key",
    severity: "warning",
    message: "externalIPs.enabled ignored",
    file: "values.yaml",
    line: 31,
  },
  { id: "internal-rule-error", severity: "error", message: "rule x crashed", file: "release.yaml", line: 1 },
];

const xml = renderJunitReport(findings, rules, { durationMs: 1234, timestamp: "2026-11-26T20:00:00.000Z" });

describe("renderJunitReport", () => {
  it("writes well-formed XML whose text reads back as the findings said it", () => {
    const root = readXml(xml, { strict: true });
    expect(root.name).toBe("testsuites");
    const cases = childrenNamed(firstChild(root, "testsuite")!, "testcase");
    expect(cases.map((c) => attributeOf(c, "name"))).toEqual([
      "pool-overlap: No two blocks overlap",
      "pool-lan-collisions: Pools stay clear of <network> & broadcast",
      "removed-values-key: No removed values keys",
      "internal-rule-error",
    ]);
    expect(firstChild(cases[1]!, "failure")!.text).toBe(
      'error pool-includes-broadcast-address at pool.yaml:8\nEnds at "192.168.5.255" <broadcast> & more',
    );
  });

  it("makes each rule a test case, failed only when it found an error", () => {
    const cases = [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    expect(cases).toEqual([
      "pool-overlap: No two blocks overlap",
      "pool-lan-collisions: Pools stay clear of &lt;network&gt; &amp; broadcast",
      "removed-values-key: No removed values keys",
      "internal-rule-error",
    ]);
    expect(xml).toContain(
      '<testcase classname="cilium-conformance.check" name="pool-overlap: No two blocks overlap" time="0"/>',
    );
    expect(xml).toMatch(
      /<testsuites name="cilium-conformance check" tests="4" failures="2" errors="0" time="1\.234">/,
    );
  });

  it("puts errors in <failure> and warnings in <system-out>, escaped", () => {
    expect(xml).toContain('<failure message="1 error, first at pool.yaml:8" type="error">');
    expect(xml).toContain("Ends at &quot;192.168.5.255&quot; &lt;broadcast&gt; &amp; more");
    const removed = xml.slice(xml.indexOf('name="removed-values-key'));
    expect(removed.slice(0, removed.indexOf("</testcase>"))).toContain(
      "<system-out>warning removed-values-key at values.yaml:31\nexternalIPs.enabled ignored</system-out>",
    );
    expect(removed.slice(0, removed.indexOf("</testcase>"))).not.toContain("<failure");
  });
});

describe("escapeXml", () => {
  it("escapes markup and replaces characters XML cannot carry", () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
    expect(escapeXml("bell\u0007 tab\t nl\n")).toBe("bell\ufffd tab\t nl\n");
    expect(escapeXml("lone \ud800 pair 😀")).toBe("lone \ufffd pair 😀");
  });
});
