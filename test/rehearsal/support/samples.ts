// The real Cilium artefacts beside the repository (`../shared/cilium-samples/`), read by the
// double's tests so that its shapes cannot drift into what the suites expect.

import { readFileSync } from "node:fs";
import { join } from "node:path";

export const SAMPLES_DIR = join(import.meta.dirname, "..", "..", "..", "..", "shared", "cilium-samples");

export function readSample(relativePath: string): string {
  return readFileSync(join(SAMPLES_DIR, relativePath), "utf8");
}
