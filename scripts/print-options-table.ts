// Prints the table of every command's options; with --write, updates docs/options.md.
//   node scripts/print-options-table.ts [--write]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OPTIONS_END, OPTIONS_START, optionsTable, replaceOptionsTable } from "../src/cli/options-table.ts";
import { commandRegistry } from "../src/cli/registry.ts";

const commands = await Promise.all(commandRegistry.map((entry) => entry.load()));
const table = optionsTable(commands);
if (process.argv.includes("--write")) {
  const docs = fileURLToPath(new URL("../docs/options.md", import.meta.url));
  const updated = replaceOptionsTable(readFileSync(docs, "utf8"), table);
  if (updated === undefined) {
    process.stderr.write(`docs/options.md lacks the markers ${OPTIONS_START} … ${OPTIONS_END}\n`);
    process.exitCode = 2;
  } else {
    writeFileSync(docs, updated);
  }
} else {
  process.stdout.write(`${table}\n`);
}
