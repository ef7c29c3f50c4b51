// Prints docs/fault-catalogue.md's generated block (README claims → faults, then the catalogue);
// with --write, updates it in place.
//   node scripts/print-fault-table.ts [--write]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FAULTS } from "../rehearsal/faults/catalogue.ts";
import { CLAIMS } from "../rehearsal/faults/claims.ts";
import { FAULT_TABLE_MARKERS, faultCatalogueBlock } from "../rehearsal/faults/fault-tables.ts";
import { replaceTable } from "../src/checks/checks-table.ts";

const block = faultCatalogueBlock(CLAIMS, FAULTS);
if (process.argv.includes("--write")) {
  const docs = fileURLToPath(new URL("../docs/fault-catalogue.md", import.meta.url));
  const updated = replaceTable(readFileSync(docs, "utf8"), block, FAULT_TABLE_MARKERS);
  if (updated === undefined) {
    process.stderr.write(
      `docs/fault-catalogue.md lacks the markers ${FAULT_TABLE_MARKERS.start} … ${FAULT_TABLE_MARKERS.end}\n`,
    );
    process.exitCode = 2;
  } else {
    writeFileSync(docs, updated);
  }
} else {
  process.stdout.write(`${block}\n`);
}
