// Prints the table of static checks; with --write, updates the generated block of docs/checks.md
// and README.md.
//   node scripts/print-checks-table.ts [--write]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checksTable, replaceTable, TABLE_END, TABLE_START } from "../src/checks/checks-table.ts";
import { documentedRules } from "../src/checks/run-checks.ts";

const table = checksTable(documentedRules);
if (process.argv.includes("--write")) {
  for (const name of ["docs/checks.md", "README.md"]) {
    const docs = fileURLToPath(new URL(`../${name}`, import.meta.url));
    const updated = replaceTable(readFileSync(docs, "utf8"), table);
    if (updated === undefined) {
      process.stderr.write(`${name} lacks the markers ${TABLE_START} … ${TABLE_END}\n`);
      process.exitCode = 2;
    } else {
      writeFileSync(docs, updated);
    }
  }
} else {
  process.stdout.write(`${table}\n`);
}
