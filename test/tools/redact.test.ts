import { describe, expect, it } from "vitest";
import { REDACTED, redactArgs, redactText } from "../../src/tools/redact.ts";

describe("redactArgs", () => {
  it("masks named secrets wherever they appear in an argument", () => {
    expect(redactArgs(["--set", "token=s3cr3t", "plain"], ["s3cr3t"])).toEqual([
      "--set",
      `token=${REDACTED}`,
      "plain",
    ]);
  });

  it("masks the value of secret flags in both spellings", () => {
    expect(redactArgs(["--token", "abc", "--password=xyz", "--context", "kind-a"])).toEqual([
      "--token",
      REDACTED,
      `--password=${REDACTED}`,
      "--context",
      "kind-a",
    ]);
  });

  it("ignores empty secrets instead of masking everything", () => {
    expect(redactArgs(["a"], [""])).toEqual(["a"]);
    expect(redactText("line with key", ["", "key"])).toBe(`line with ${REDACTED}`);
  });
});
