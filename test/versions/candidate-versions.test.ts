import { describe, expect, it } from "vitest";
import { candidateVersions, versionMatrix } from "../../src/versions/candidate-versions.ts";

const released = (...versions: string[]) => versions.map((version) => ({ version, deprecated: false }));
const knownMinors = ["1.15", "1.16", "1.17", "1.18", "1.19", "1.20"];

describe("candidateVersions", () => {
  it("the pin, the newest patch of its minor, the newest release of each later known minor", () => {
    const candidates = candidateVersions({
      pinned: "1.18.11",
      released: released("1.17.9", "1.18.10", "1.18.11", "1.18.13", "1.18.12", "1.19.4", "1.19.5", "1.20.1"),
      knownMinors,
    });
    expect(candidates).toEqual([
      { version: "1.18.11", minor: "1.18", roles: ["pinned"] },
      { version: "1.18.13", minor: "1.18", roles: ["newest-patch"] },
      { version: "1.19.5", minor: "1.19", roles: ["newer-minor"] },
      { version: "1.20.1", minor: "1.20", roles: ["newer-minor"] },
    ]);
    expect(versionMatrix(candidates).include[1]).toEqual({
      "cilium-version": "1.18.13",
      roles: "newest-patch",
    });
  });

  it("leaves out pre-releases, deprecated entries and minors the table does not know", () => {
    const candidates = candidateVersions({
      pinned: "v1.19.5",
      released: [
        ...released("1.19.5", "1.20.0-pre.3", "1.21.0", "1.19.7"),
        { version: "1.19.6", deprecated: false },
        { version: "1.19.8", deprecated: true },
      ],
      knownMinors,
    });
    expect(candidates.map((c) => [c.version, c.roles])).toEqual([
      ["1.19.5", ["pinned"]],
      ["1.19.7", ["newest-patch"]],
    ]);
  });

  it("one entry with both roles when the pin is the newest patch; the pin even when the index lacks it", () => {
    expect(
      candidateVersions({ pinned: "1.20.1", released: released("1.20.1"), knownMinors }).map((c) => c.roles),
    ).toEqual([["pinned", "newest-patch"]]);
    expect(candidateVersions({ pinned: "1.18.99", released: [], knownMinors })).toEqual([
      { version: "1.18.99", minor: "1.18", roles: ["pinned"] },
    ]);
  });

  it("refuses a pin that is not a version (a range cannot be compared with releases)", () => {
    expect(() => candidateVersions({ pinned: "1.18.x", released: [], knownMinors })).toThrow(
      'the HelmRelease pins "1.18.x", not a chart version',
    );
  });
});
