import { defineConfig } from "vitest/config";

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
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Docker-backed probe tests share one engine on a 2-core machine.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "conformance",
          include: ["suites/**/*.suite.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          setupFiles: ["allure-vitest/setup"],
        },
      },
    ],
  },
});
