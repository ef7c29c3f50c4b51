import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  checksTable,
  replaceTable,
  TABLE_END,
  TABLE_START,
  tableCells,
  tableIn,
} from "../../src/checks/checks-table.ts";
import { documentedRules } from "../../src/checks/run-checks.ts";

const DOCS = fileURLToPath(new URL("../../docs/checks.md", import.meta.url));
const README = fileURLToPath(new URL("../../README.md", import.meta.url));

describe("docs/checks.md", () => {
  it("holds the table generated from the rules (run `node scripts/print-checks-table.ts --write`)", () => {
    const inDocs = tableIn(readFileSync(DOCS, "utf8"));
    expect(inDocs, "docs/checks.md lacks the generated-table markers").toBeDefined();
    expect(tableCells(inDocs!)).toEqual(tableCells(checksTable(documentedRules)));
  });

  it("README.md holds the same generated table", () => {
    const inReadme = tableIn(readFileSync(README, "utf8"));
    expect(inReadme, "README.md lacks the generated-table markers").toBeDefined();
    expect(tableCells(inReadme!)).toEqual(tableCells(checksTable(documentedRules)));
  });

  it("lists every finding id once, with its severities", () => {
    const table = checksTable(documentedRules);
    for (const rule of documentedRules) {
      for (const id of rule.emits ?? [rule.id]) expect(table).toContain(`\`${id}\``);
    }
    expect(table).toContain("| `pool-overlap` | error |");
  });
});

describe("checksTable rendering", () => {
  it("escapes pipes and angle brackets so the markdown table stays intact", () => {
    const table = checksTable([
      { id: "x", title: "a | b", why: "stays <pending>", severities: ["warning"], check: () => [] },
    ]);
    expect(table.split("\n")[2]).toBe("| `x` | warning | a \\| b | stays &lt;pending&gt; |");
  });

  it("ignores column padding but not content", () => {
    const plain = "| id | severity |\n|---|---|\n| `x` | error |";
    const padded = "| id  | severity |\n| --- | -------- |\n| `x` | error    |";
    expect(tableCells(padded)).toEqual(tableCells(plain));
    expect(tableCells(padded.replace("error", "info "))).not.toEqual(tableCells(plain));
  });

  it("replaces only the generated block", () => {
    const doc = `intro\n${TABLE_START}\nold\n${TABLE_END}\nouttro\n`;
    expect(replaceTable(doc, "new")).toBe(`intro\n${TABLE_START}\nnew\n${TABLE_END}\nouttro\n`);
    expect(replaceTable("no markers", "new")).toBeUndefined();
  });
});
