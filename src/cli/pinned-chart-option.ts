// --fetch-chart, and the pinned chart for the static checks: from the chart cache only unless asked
// to download it, so `check` stays offline and fast by default (the one rule that needs the chart
// says when it could not have it).

import { chartCacheDir } from "../charts/cache-location.ts";
import { type PinnedChart, pinnedChartKeys } from "../charts/pinned-chart-keys.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import type { CliIO, CommandInput, OptionSpec } from "./command.ts";
import { booleanOption } from "./options.ts";

export const FETCH_CHART_OPTION: OptionSpec = {
  name: "fetch-chart",
  type: "boolean",
  description:
    "download the pinned chart into the chart cache when it is not there, to check the values keys against it (network)",
};

export function pinnedChartFromOptions(
  model: InfraModel,
  input: CommandInput,
  io: CliIO,
): Promise<PinnedChart> {
  return pinnedChartKeys({
    release: model.helmRelease,
    cacheDir: chartCacheDir(io.env),
    fetch: booleanOption(input, "fetch-chart"),
  });
}
