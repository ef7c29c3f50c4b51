import { describe, expect, it } from "vitest";
import { FlagError, parseDurationFlag, parseFlags } from "../../../rehearsal/kind/flags.ts";

const specs = [
  { name: "name", short: "n", type: "string" as const, default: "kind" },
  { name: "retain", type: "bool" as const },
  { name: "nodes", type: "stringSlice" as const },
];

describe("parseFlags (pflag's rules, as kind's cobra commands parse)", () => {
  it("takes --flag value, --flag=value, -n value, bare booleans and slices split on commas", () => {
    const parsed = parseFlags(["--name=a", "--retain", "img1", "--nodes", "x,y", "--nodes=z", "img2"], specs);
    expect(parsed.values).toEqual({ name: "a", retain: true, nodes: ["x", "y", "z"] });
    expect(parsed.positionals).toEqual(["img1", "img2"]);
    expect(parseFlags(["-n", "b", "--retain=false"], specs).values).toMatchObject({
      name: "b",
      retain: false,
    });
  });

  it("keeps defaults and refuses what cobra refuses, in its words", () => {
    expect(parseFlags([], specs).values.name).toBe("kind");
    expect(() => parseFlags(["--bogus"], specs)).toThrow(new FlagError("unknown flag: --bogus"));
    expect(() => parseFlags(["-x"], specs)).toThrow("unknown shorthand flag: 'x' in -x");
    expect(() => parseFlags(["--name"], specs)).toThrow("flag needs an argument: --name");
  });

  it("reads --wait durations as Go does", () => {
    expect(parseDurationFlag("wait", "0s")).toBe(0);
    expect(parseDurationFlag("wait", "1m30s")).toBe(90_000);
    expect(() => parseDurationFlag("wait", "5 minutes")).toThrow('time: invalid duration "5 minutes"');
  });
});
