// The three files of a Helm chart the upgrade preview reads, as text, and where they came from.

export interface ChartFiles {
  /** `<chart>/Chart.yaml` */
  chartYaml: string;
  /** `<chart>/values.yaml` */
  valuesYaml: string;
  /** `<chart>/values.schema.json`; Cilium ships one from 1.16 only. */
  schemaJson: string | undefined;
  /** What was read, for messages: an archive path, a folder, or `<repo URL> <chart>-<version>.tgz`. */
  origin: string;
}

export const CHART_FILE_NAMES = {
  chart: "Chart.yaml",
  values: "values.yaml",
  schema: "values.schema.json",
} as const;
