import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { quoteArgument, quoteCommand } from "../../src/tools/posix-quote.ts";

// The real proof of paste-safety: a POSIX shell parses the quoted line back into the same argv.
function shellParse(line: string): string[] {
  const out = execFileSync("sh", ["-c", `for a in ${line}; do printf '%s\\0' "$a"; done`], {
    encoding: "utf8",
  });
  return out.split("\0").slice(0, -1);
}

describe("quoteCommand", () => {
  it("leaves plain words alone", () => {
    expect(quoteCommand("docker", ["network", "create", "--subnet", "192.168.5.0/24", "a=b"])).toBe(
      "docker network create --subnet 192.168.5.0/24 a=b",
    );
  });

  it("round-trips awkward arguments through sh", () => {
    const args = ["", "two words", "it's", "$HOME", "`id`", "a\nb", "semi;colon", "*", "--set=x{y}", "\\"];
    const line = quoteCommand("x", args).slice(2);
    expect(shellParse(line)).toEqual(args);
  });

  it("quotes the empty string and single quotes", () => {
    expect(quoteArgument("")).toBe("''");
    expect(quoteArgument("it's")).toBe("'it'\\''s'");
  });
});
