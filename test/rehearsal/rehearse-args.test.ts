import { describe, expect, it } from "vitest";
import { FAULTS } from "../../rehearsal/faults/catalogue.ts";
import { parseRehearseArgs } from "../../rehearsal/rehearse-args.ts";

describe("scripts/rehearse.sh's arguments", () => {
  it("reads --repo, repeated --fault and --keep", () => {
    const fault = FAULTS[0]?.name ?? "";
    expect(parseRehearseArgs(["--repo", "x", "--fault", fault, "--keep"])).toEqual({
      kind: "run",
      repo: "x",
      faults: [fault],
      keep: true,
    });
    expect(parseRehearseArgs([])).toEqual({ kind: "run", repo: undefined, faults: [], keep: false });
  });

  it("lists faults as text or JSON, and refuses what it does not know", () => {
    expect(parseRehearseArgs(["--list-faults", "--format", "json"])).toEqual({
      kind: "list-faults",
      format: "json",
    });
    expect(() => parseRehearseArgs(["--fault", "no-such-fault"])).toThrow('unknown fault "no-such-fault"');
    expect(() => parseRehearseArgs(["--list-faults", "--format", "xml"])).toThrow(
      "--format must be human or json",
    );
    expect(() => parseRehearseArgs(["--bogus"])).toThrow();
  });
});
