import type { PinnedChart } from "../charts/pinned-chart-keys.ts";
import type { InfraModel } from "../repo/infra-model.ts";

export type Severity = "error" | "warning" | "info";

/** One thing a static check found. `message` says what is wrong, why it matters and how to fix it. */
export interface Finding {
  /** The rule's stable id, e.g. `pool-range-includes-broadcast`. */
  id: string;
  severity: Severity;
  message: string;
  /** Repo-relative path. */
  file: string;
  line: number;
}

/** A static rule: one file each under src/checks/rules/. */
export interface CheckRule {
  id: string;
  /** One line for the README table and JUnit test case names. */
  title: string;
  /** Finding ids this rule can emit when they differ from `id` (e.g. `id` + suffixes). */
  emits?: readonly string[];
  check(model: InfraModel, context?: CheckContext): readonly Finding[];
}

/** What some rules need besides the repo: the pinned chart's keys (read from the chart cache). */
export interface CheckContext {
  chart?: PinnedChart;
}
