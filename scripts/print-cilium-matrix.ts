// Prints the nightly live matrix as the JSON a GitHub Actions `strategy.matrix` takes:
//   node scripts/print-cilium-matrix.ts   →   {"include":[{"cilium":"1.16.19",…},…]}
import { liveMatrix } from "../src/compat/live-matrix.ts";

process.stdout.write(`${JSON.stringify({ include: liveMatrix() })}\n`);
