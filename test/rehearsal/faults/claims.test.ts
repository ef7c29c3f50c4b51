// README's suite claims ↔ rehearsal/faults/claims.ts ↔ docs/fault-catalogue.md: none may drift.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FAULTS, findFault } from "../../../rehearsal/faults/catalogue.ts";
import { CLAIMS, type Claim } from "../../../rehearsal/faults/claims.ts";
import {
  coverage,
  FAULT_TABLE_MARKERS,
  faultCatalogueBlock,
  UNPROVEN,
} from "../../../rehearsal/faults/fault-tables.ts";
import { tableCells, tableIn } from "../../../src/checks/checks-table.ts";

const README = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
const DOCS = fileURLToPath(new URL("../../../docs/fault-catalogue.md", import.meta.url));

/** README's "What each suite proves" rows: suite id → the `proves` cell. */
function readmeSuiteRows(readme: string): Map<string, string> {
  const section = readme.split("## What each suite proves")[1]?.split("\n## ")[0] ?? "";
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const match = /^\|\s*`([a-z0-9-]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (match?.[1] && match[2]) rows.set(match[1], match[2].trim());
  }
  return rows;
}

describe("README claims in claims.ts", () => {
  const rows = readmeSuiteRows(README);

  it("README's table has a row per suite, and claims.ts the same suites", () => {
    expect([...rows.keys()].sort()).toEqual([...new Set(CLAIMS.map((c) => c.suite))].sort());
  });

  it("every claim is verbatim in its suite's row, in the row's order", () => {
    for (const [suite, row] of rows) {
      let from = 0;
      for (const claim of CLAIMS.filter((c) => c.suite === suite)) {
        const at = row.indexOf(claim.text, from);
        expect(at, `${suite}: "${claim.text}" (after position ${from})`).toBeGreaterThanOrEqual(0);
        from = at + claim.text.length;
      }
    }
  });

  it("every part of a row holds a claim, so a claim added to the README shows up here", () => {
    for (const [suite, row] of rows) {
      const claims = CLAIMS.filter((c) => c.suite === suite);
      for (const part of row.split("; ")) {
        expect(
          claims.some((claim) => part.includes(claim.text)),
          `${suite}: no claim in README's "${part}" (add it to rehearsal/faults/claims.ts, unproven if no fault proves it)`,
        ).toBe(true);
      }
    }
  });

  it("the faults a claim names exist and belong to its suite", () => {
    for (const claim of CLAIMS) {
      for (const name of claim.faults) {
        const fault = findFault(name);
        expect(fault, `${claim.text}: ${name}`).toBeDefined();
        expect(fault?.suite, name).toBe(claim.suite);
      }
    }
  });

  it("a fault that proves no claim is provisioning or the connectivity wrapper's own infrastructure failure", () => {
    for (const fault of coverage(CLAIMS, FAULTS).outsideClaims)
      expect(fault.class, `${fault.name} proves no README claim`).toBe("infrastructure");
  });
});

describe("docs/fault-catalogue.md", () => {
  it("holds the generated block (run `node scripts/print-fault-table.ts --write`)", () => {
    const inDocs = tableIn(readFileSync(DOCS, "utf8"), FAULT_TABLE_MARKERS);
    expect(inDocs, "docs/fault-catalogue.md lacks the generated-block markers").toBeDefined();
    expect(tableCells(inDocs ?? "")).toEqual(tableCells(faultCatalogueBlock(CLAIMS, FAULTS)));
  });

  it("lists an unproven claim as unproven and a proven one with its faults", () => {
    const claims: Claim[] = [
      { suite: "hubble", text: "proven thing", faults: ["hubble-ui-down", "hubble-no-flows"] },
      { suite: "hubble", text: "a | b", faults: [] },
    ];
    const block = faultCatalogueBlock(claims, FAULTS);
    expect(block).toContain("| `hubble` | proven thing | `hubble-ui-down`<br>`hubble-no-flows` |");
    expect(block).toContain(`| \`hubble\` | a \\| b | ${UNPROVEN} |`);
    expect(block.split("\n")[0]).toBe(
      `${FAULTS.length} faults; 1 of 2 README claims proven by at least one.`,
    );
  });
});
