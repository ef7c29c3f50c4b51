// `node scripts/rehearsal-repos.ts <out-dir> [variant...]`: writes the repos the rehearsal must be
// green on (rehearsal/variant-repos.ts) and prints their paths, one per line.

import { resolve } from "node:path";
import { VARIANTS, type Variant, writeVariantRepo } from "../rehearsal/variant-repos.ts";

const [out, ...asked] = process.argv.slice(2);
if (!out) {
  process.stderr.write(`usage: node scripts/rehearsal-repos.ts <out-dir> [${VARIANTS.join("|")}]...\n`);
  process.exit(2);
}
for (const name of asked) {
  if (!VARIANTS.includes(name as Variant)) {
    process.stderr.write(`unknown variant ${name} (known: ${VARIANTS.join(", ")})\n`);
    process.exit(2);
  }
}
for (const variant of (asked.length > 0 ? asked : VARIANTS) as Variant[]) {
  process.stdout.write(`${await writeVariantRepo(variant, resolve(out))}\n`);
}
