import { describe, expect, it } from "vitest";
import { editDistance } from "../../src/text/edit-distance.ts";
import { chartKeys } from "../../src/upgrade/chart-keys.ts";
import { nearestKey } from "../../src/upgrade/nearest-key.ts";
import { testChart } from "./support/upgrade-repo.ts";

const chart = testChart("1.19.5");
const keys = chartKeys(chart.values, chart.valuesText);
const hint = (path: string) => nearestKey(keys, path.split("."));

describe("edit distance", () => {
  it("counts a swap of neighbouring letters as one edit, as a typo is", () => {
    expect(editDistance("enabeld", "enabled")).toBe(1);
    expect(editDistance("relay", "realy")).toBe(1);
    expect(editDistance("hubble", "hubble")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("nearest existing key", () => {
  it("suggests the sibling of a misspelled last segment", () => {
    expect(hint("hubble.relay.enabeld")).toBe("hubble.relay.enabled");
    expect(hint("hubble.ui.replica")).toBe("hubble.ui.replicas");
  });

  it("suggests the right parent for a misspelled or mis-cased map", () => {
    expect(hint("hubbel")).toBe("hubble");
    expect(hint("l2Announcements")).toBe("l2announcements");
    expect(hint("hubble.realy.enabled")).toBe("hubble.relay.enabled");
  });

  it("finds a key written under the wrong parent by its rare last segment", () => {
    expect(hint("operator.rollOutCiliumPods")).toBe("rollOutCiliumPods");
  });

  it("knows keys the chart documents only in comments", () => {
    expect(hint("l2announcements.leaseDurations")).toBe("l2announcements.leaseDuration");
  });

  it("gives no hint rather than a far-fetched one", () => {
    expect(hint("tunnel")).toBeUndefined();
    // `enabled` is everywhere: its last segment says nothing about where it went.
    expect(hint("bgp.enabled")).toBeUndefined();
  });
});
