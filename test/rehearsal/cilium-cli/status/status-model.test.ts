import { describe, expect, it } from "vitest";
import { Status } from "../../../../rehearsal/cilium-cli/status/status-model.ts";
import { readSample } from "../../support/samples.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
const strip = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");

/** The state behind the docs sample (Documentation/observability/hubble/setup.rst). */
function sampleStatus(): Status {
  const status = new Status();
  for (const name of ["cilium", "cilium-envoy", "cilium-operator", "hubble-relay"])
    status.setDisabled(name, name, false);
  status.setDisabled("clustermesh-apiserver", "clustermesh-apiserver", true);
  status.podState.set("cilium", { type: "DaemonSet", desired: 1, ready: 1, available: 1, unavailable: 0 });
  status.podState.set("cilium-envoy", {
    type: "DaemonSet",
    desired: 1,
    ready: 1,
    available: 1,
    unavailable: 0,
  });
  status.podState.set("cilium-operator", {
    type: "Deployment",
    desired: 1,
    ready: 1,
    available: 1,
    unavailable: 0,
  });
  status.podState.set("hubble-relay", {
    type: "Deployment",
    desired: 1,
    ready: 1,
    available: 1,
    unavailable: 0,
  });
  for (const name of ["cilium", "cilium-envoy", "cilium-operator", "hubble-relay"])
    status.phaseCount.set(name, new Map([["Running", 1]]));
  status.phaseCount.set("clustermesh-apiserver", new Map());
  status.podsCount = { all: 8, byCilium: 8 };
  status.helmChartVersion = "1.17.0";
  status.imageCount.set("cilium", new Map([["quay.io/cilium/cilium:latest", 1]]));
  status.imageCount.set("cilium-operator", new Map([["quay.io/cilium/operator-generic-ci:latest", 1]]));
  status.imageCount.set("hubble-relay", new Map([["quay.io/cilium/hubble-relay-ci:latest", 1]]));
  status.imageCount.set(
    "cilium-envoy",
    new Map([
      [
        "quay.io/cilium/cilium-envoy:v1.32.3-1739240299-e85e926b0fa4cec519cefff54b60bd7942d7871b@sha256:ced8a89d642d10d648471afc2d8737238f1479c368955e6f2553ded58029ac88",
        1,
      ],
    ]),
  );
  return status;
}

describe("status summary", () => {
  it("draws the logo block exactly as the real CLI (colour codes counted in the widths)", () => {
    const sample = readSample("cilium-status/docs-hubble-setup__cilium-status.txt").split("\n");
    const ours = strip(sampleStatus().format()).split("\n");
    expect(ours.slice(0, 7)).toEqual(sample.slice(0, 7));
  });

  it("lists the same rows, in the same order, as the real CLI", () => {
    const normalise = (line: string) => line.trim().split(/\s+/).join(" ");
    const sample = readSample("cilium-status/docs-hubble-setup__cilium-status.txt")
      .trim()
      .split("\n")
      .slice(7)
      .map(normalise);
    const ours = strip(sampleStatus().format()).trim().split("\n").slice(7).map(normalise);
    expect(ours).toEqual(sample);
  });

  it("is ready only without errors, and without warnings unless they are ignored", () => {
    const status = sampleStatus();
    expect(status.isReady(false)).toBe(true);
    status.addWarning("hubble-relay", "hubble-relay-abc", "pod is pending");
    expect(status.isReady(false)).toBe(false);
    expect(status.isReady(true)).toBe(true);
    expect(strip(status.summary("hubble-relay"))).toBe("1 warnings");
    status.addError("cilium", "cilium", "1 pods of DaemonSet cilium are not ready");
    expect(status.isReady(true)).toBe(false);
    expect(strip(status.format())).toMatch(
      /Errors:\s+cilium\s+cilium\s+1 pods of DaemonSet cilium are not ready\nWarnings:\s+hubble-relay\s+hubble-relay-abc\s+pod is pending\n/,
    );
  });
});
