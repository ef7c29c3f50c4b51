import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/checks/finding.ts";
import { countFindings, describeCounts, sortFindings } from "../../../src/checks/format/finding-counts.ts";

const finding = (file: string, line: number, severity: Finding["severity"], id: string): Finding => ({
  id,
  severity,
  message: `${id} at ${file}:${line}`,
  file,
  line,
});

describe("sortFindings", () => {
  it("orders by file (code points, the same everywhere), line, severity, then id", () => {
    const findings = [
      finding("infra/configs/pool.yaml", 8, "info", "b-rule"),
      finding("infra/configs/pool.yaml", 8, "info", "a-rule"),
      finding("infra/configs/pool.yaml", 8, "error", "z-rule"),
      finding("infra/configs/pool.yaml", 2, "warning", "m-rule"),
      finding("apps/Whoami.yaml", 1, "info", "x"),
      finding("apps/whoami.yaml", 1, "info", "x"),
      finding("infra/configs-old/pool.yaml", 1, "info", "x"),
    ];
    expect(sortFindings(findings).map((f) => `${f.file}:${f.line} ${f.severity} ${f.id}`)).toEqual([
      // Upper case before lower case, "-" (0x2d) before "/" (0x2f): code points, not a locale.
      "apps/Whoami.yaml:1 info x",
      "apps/whoami.yaml:1 info x",
      "infra/configs-old/pool.yaml:1 info x",
      "infra/configs/pool.yaml:2 warning m-rule",
      "infra/configs/pool.yaml:8 error z-rule",
      "infra/configs/pool.yaml:8 info a-rule",
      "infra/configs/pool.yaml:8 info b-rule",
    ]);
    expect(findings[0]?.id).toBe("b-rule"); // the input is left alone
  });

  it("counts and describes them", () => {
    const counts = countFindings([finding("a", 1, "error", "x"), finding("a", 2, "info", "y")]);
    expect(describeCounts(counts)).toBe("1 error, 0 warnings, 1 info");
  });
});
