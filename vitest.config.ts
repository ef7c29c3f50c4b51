import { defineConfig } from "vitest/config";
import { conformanceTestSettings } from "./src/conformance/suite-vitest-settings.ts";

// Two projects: the harness's own tests (run by `npm test`) and the conformance suites,
// which need a live cluster and run only through `cilium-conformance test|run`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "harness",
          include: ["test/**/*.test.ts"],
          environment: "node",
          // The timeouts catch hangs; they are no performance assertion (benchmarks measure
          // speed). Spawning node, java or docker makes tests slow in proportion to the machine's
          // load: at a load average of 27 on 2 cores the slowest took 25 s (running a suite in
          // process), 19 s (the options table) and 16 s (down), against the 30 s limit of before
          // (issue 17). Containers in hooks took up to 20 s.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Docker-backed probe tests share one engine on a 2-core machine.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      { test: conformanceTestSettings },
    ],
  },
});
