// Which plain scalars kustomize (go-yaml v3, then JSON values) reads as this tool does (YAML 1.1).
// The divergent ones are shown against the real kustomize in fast-path.test.ts.
import { describe, expect, it } from "vitest";
import { goYamlNotString, scalarDisagreement } from "../../../src/repo/flux/kustomize-scalars.ts";

const value = (text: string) => scalarDisagreement({ text, key: false, line: 1 });

describe("go-yaml v3's plain scalar resolution (resolve.go)", () => {
  it.each([
    "true",
    "False",
    "NULL",
    "~",
    "12",
    "-3",
    "+4",
    "0x1F",
    "0o17",
    "0755",
    "1_000",
    "1.5",
    ".5",
    "1e3",
    "-.inf",
    ".NaN",
    "2024-01-02",
    "0b101",
    "<<",
  ])("%s is not a string", (text) => expect(goYamlNotString(text)).toBe(true));
  it.each([
    "yes",
    "no",
    "on",
    "Off",
    "y",
    "N",
    "1.2.3",
    "192.168.5.0/24",
    "100m",
    "1:20",
    "v1",
    "-",
    ".x",
    "1Gi",
    "+inf",
  ])("%s is a string", (text) => expect(goYamlNotString(text)).toBe(false));
});

describe("plain scalars both readers agree on", () => {
  it.each([
    "true",
    "false",
    "null",
    "~",
    "0",
    "42",
    "-7",
    "1.5",
    "0.25",
    "1.0",
    "1.2.3",
    "10.0.0.0/8",
    "100m",
    "-",
    "v1.16.5",
  ])("%s", (text) => expect(value(text)).toBeUndefined());
});

describe("plain scalars kustomize reads differently (or may)", () => {
  it.each([
    ["yes", /YAML 1\.1/],
    ["off", /YAML 1\.1/],
    ["y", /YAML 1\.1/],
    ["1:20", /YAML 1\.1/],
    ["0o17", /kustomize/],
    ["0755", /kustomize/],
    ["1e3", /kustomize/],
    ["0x1F", /kustomize/],
    ["1_000", /kustomize/],
    ["2024-01-02", /timestamp/],
    ["0.0000001", /kustomize/],
    ["9007199254740993", /kustomize/],
  ])("%s", (text, message) => {
    expect(value(text)).toMatch(message);
  });

  it("a map key that is not a string to kustomize, even where YAML 1.1 agrees", () => {
    expect(scalarDisagreement({ text: "on", key: true, line: 1 })).toBeDefined();
    expect(scalarDisagreement({ text: "12", key: true, line: 1 })).toMatch(/map key/);
    expect(scalarDisagreement({ text: "app.kubernetes.io", key: true, line: 1 })).toBeUndefined();
  });
});
