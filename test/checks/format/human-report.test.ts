import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/checks/finding.ts";
import { renderHumanReport } from "../../../src/checks/format/human-report.ts";
import { colourStyle, wantsColour } from "../../../src/checks/format/terminal-style.ts";

const findings: Finding[] = [
  {
    id: "removed-values-key",
    severity: "warning",
    message: "externalIPs.enabled is ignored by 1.18.",
    file: "values.yaml",
    line: 31,
  },
  {
    id: "pool-includes-broadcast-address",
    severity: "error",
    message: `The pool includes 192.168.5.255, the broadcast address of the LAN. ${"Clients broadcast to it. ".repeat(6)}`,
    file: "pool.yaml",
    line: 8,
  },
  { id: "pool-ip-count", severity: "info", message: "226 IPs.", file: "pool.yaml", line: 6 },
];

describe("renderHumanReport", () => {
  const text = renderHumanReport(findings, {
    durationMs: 41.6,
    width: 80,
    heading: "fixtures/homelab: chart cilium 1.18.11",
  });

  it("groups findings by file, sorted by line, each with file:line, severity and rule id", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("fixtures/homelab: chart cilium 1.18.11");
    const poolHeader = lines.indexOf("pool.yaml");
    const valuesHeader = lines.indexOf("values.yaml");
    expect(poolHeader).toBeGreaterThan(0);
    expect(valuesHeader).toBeGreaterThan(poolHeader);
    expect(lines[poolHeader + 1]).toBe("  pool.yaml:6  ● info  pool-ip-count");
    expect(text).toContain("  pool.yaml:8  ✖ error  pool-includes-broadcast-address");
    expect(text).toContain("  values.yaml:31  ▲ warning  removed-values-key");
  });

  it("wraps messages to the width, indented under their finding", () => {
    const messageLines = text.split("\n").filter((line) => line.startsWith("      "));
    expect(messageLines.length).toBeGreaterThan(3);
    for (const line of messageLines) expect(line.length).toBeLessThanOrEqual(80);
    expect(messageLines.join(" ").replace(/\s+/g, " ")).toContain(
      "the broadcast address of the LAN. Clients broadcast",
    );
  });

  it("ends with the summary line", () => {
    expect(text.trimEnd().split("\n").pop()).toBe("1 error, 1 warning, 1 info in 42 ms");
  });

  it("has no escape codes unless asked for colour", () => {
    expect(text).not.toContain("\u001b[");
    const coloured = renderHumanReport(findings, { durationMs: 1, style: colourStyle });
    expect(coloured).toContain("\u001b[31m✖ error\u001b[39m");
  });

  it("says so when there is nothing to report", () => {
    expect(renderHumanReport([], { durationMs: 3 })).toBe(
      "no findings: 0 errors, 0 warnings, 0 info in 3 ms\n",
    );
  });
});

describe("wantsColour", () => {
  it("colours a terminal unless NO_COLOR is set; FORCE_COLOR forces it", () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({ NO_COLOR: "1" }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(wantsColour({ TERM: "dumb" }, true)).toBe(false);
  });
});
