// cilium-cli's status/status.go: the collected counts, aggregated errors and warnings per
// component and pod, the ready rule (no errors; no warnings unless ignored) and the summary text
// (the logo block, per-workload counts, containers, pods, Helm chart version, images, errors,
// warnings) formatted through Go's tabwriter with the same colour codes.

import { tabwrite } from "../../go/tabwriter.ts";

export const Red = "\x1b[31m";
export const Yellow = "\x1b[33m";
export const Blue = "\x1b[34m";
export const Green = "\x1b[32m";
export const Magenta = "\x1b[35m";
export const Cyan = "\x1b[36m";
export const Reset = "\x1b[0m";

export interface PodStateCount {
  type: "Deployment" | "DaemonSet";
  desired: number;
  ready: number;
  available: number;
  unavailable: number;
}

export interface ErrorCount {
  errors: string[];
  warnings: string[];
  disabled: boolean;
}

export class Status {
  imageCount = new Map<string, Map<string, number>>();
  phaseCount = new Map<string, Map<string, number>>();
  podState = new Map<string, PodStateCount>();
  podsCount = { all: 0, byCilium: 0 };
  errors = new Map<string, Map<string, ErrorCount>>();
  collectionErrors: string[] = [];
  helmChartVersion = "";
  configErrors: string[] = [];

  #count(component: string, pod: string): ErrorCount {
    const pods = this.errors.get(component) ?? new Map<string, ErrorCount>();
    this.errors.set(component, pods);
    const entry = pods.get(pod) ?? { errors: [], warnings: [], disabled: false };
    pods.set(pod, entry);
    return entry;
  }

  setDisabled(component: string, pod: string, disabled: boolean): void {
    this.#count(component, pod).disabled = disabled;
  }

  addError(component: string, pod: string, message: string): void {
    this.#count(component, pod).errors.push(message);
  }

  addWarning(component: string, pod: string, message: string): void {
    this.#count(component, pod).warnings.push(message);
  }

  totalErrors(): number {
    let total = 0;
    for (const pods of this.errors.values()) for (const pod of pods.values()) total += pod.errors.length;
    return total;
  }

  totalWarnings(): number {
    let total = 0;
    for (const pods of this.errors.values()) for (const pod of pods.values()) total += pod.warnings.length;
    return total;
  }

  /** statusIsReady (no WarningFreePods in the CLI's use). */
  isReady(ignoreWarnings: boolean): boolean {
    if (this.totalErrors() > 0) return false;
    return ignoreWarnings || this.totalWarnings() === 0;
  }

  summary(component: string): string {
    const pods = this.errors.get(component);
    const parts: string[] = [];
    if (pods) {
      let errors = 0;
      let warnings = 0;
      let disabled = false;
      for (const pod of pods.values()) {
        errors += pod.errors.length;
        warnings += pod.warnings.length;
        disabled ||= pod.disabled;
      }
      if (errors > 0) parts.push(`${Red}${errors} errors${Reset}`);
      if (warnings > 0) parts.push(`${Yellow}${warnings} warnings${Reset}`);
      if (disabled) parts.push(`${Cyan}disabled${Reset}`);
    }
    return parts.length > 0 ? parts.join(", ") : `${Green}OK${Reset}`;
  }

  format(): string {
    const sorted = <T>(map: Map<string, T>) => [...map.keys()].sort();
    let text = "";
    const envoy = this.summary("cilium-envoy").replace("disabled", "disabled (using embedded mode)");
    text += `${Yellow}    /¯¯\\\n`;
    text += `${Cyan} /¯¯${Yellow}\\__/${Green}¯¯\\${Reset}\tCilium:\t${this.summary("cilium")}\n`;
    text += `${Cyan} \\__${Red}/¯¯\\${Green}__/${Reset}\tOperator:\t${this.summary("cilium-operator")}\n`;
    text += `${Green} /¯¯${Red}\\__/${Magenta}¯¯\\${Reset}\tEnvoy DaemonSet:\t${envoy}\n`;
    text += `${Green} \\__${Blue}/¯¯\\${Magenta}__/${Reset}\tHubble Relay:\t${this.summary("hubble-relay")}\n`;
    text += `${Blue}${Blue}${Blue}    \\__/${Reset}\tClusterMesh:\t${this.summary("clustermesh-apiserver")}\n`;
    text += "\n";
    for (const name of sorted(this.podState)) {
      const state = this.podState.get(name) as PodStateCount;
      text += `${state.type}\t${name}\t${formatPodState(state)}\n`;
    }
    let header = "Containers:";
    for (const name of sorted(this.phaseCount)) {
      text += `${header}\t${name}\t${formatPhaseCount(this.phaseCount.get(name) as Map<string, number>)}\n`;
      header = "";
    }
    text += `Cluster Pods:\t${this.podsCount.byCilium}/${this.podsCount.all} managed by Cilium\n`;
    text += `Helm chart version:\t${this.helmChartVersion}\n`;
    header = "Image versions";
    for (const name of sorted(this.imageCount)) {
      const images = this.imageCount.get(name) as Map<string, number>;
      for (const image of [...images.keys()].sort()) {
        text += `${header}\t${name}\t${image}: ${images.get(image)}\n`;
        header = "";
      }
    }
    for (const [title, pick] of [
      ["Errors:", (entry: ErrorCount) => entry.errors],
      ["Warnings:", (entry: ErrorCount) => entry.warnings],
    ] as const) {
      header = title;
      for (const component of sorted(this.errors)) {
        const pods = this.errors.get(component) as Map<string, ErrorCount>;
        for (const pod of [...pods.keys()].sort()) {
          for (const message of pick(pods.get(pod) as ErrorCount)) {
            text += `${header}\t${component}\t${pod}\t${message}\n`;
            header = "";
          }
        }
      }
    }
    header = "Configuration:";
    for (const message of this.configErrors) {
      for (const line of message.split("\n")) {
        text += `${header}\t \t${line}\n`;
        header = "";
      }
    }
    return tabwrite(text);
  }
}

export function formatPodState(state: PodStateCount): string {
  const items: string[] = [];
  if (state.desired > 0) items.push(`Desired: ${state.desired}`);
  const colour = state.ready < state.desired ? Yellow : Green;
  if (state.ready > 0) items.push(`Ready: ${colour}${state.ready}/${state.desired}${Reset}`);
  if (state.available > 0) items.push(`Available: ${colour}${state.available}/${state.desired}${Reset}`);
  if (state.unavailable > 0) items.push(`Unavailable: ${Red}${state.unavailable}/${state.desired}${Reset}`);
  return items.join(", ");
}

/** Go ranges over a map in random order; the double lists phases in a fixed order. */
export function formatPhaseCount(counts: Map<string, number>): string {
  const colour = (phase: string) =>
    phase === "Failed" || phase === "Unknown"
      ? Red
      : ["Running", "Pending", "Succeeded"].includes(phase)
        ? Green
        : "";
  return [...counts.entries()]
    .map(([phase, count]) => `${phase}: ${colour(phase)}${count}${Reset}`)
    .join(", ");
}
