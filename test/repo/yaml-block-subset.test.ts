// The fast block-subset reader against the full `yaml` parser: whenever it reads a text, it gives
// the same documents — values (YAML 1.1 scalars included), document lines, the line of every path
// and of every literal block — and it declines (undefined) everything outside its subset. Checked
// on every YAML file of the repo's fixtures and the shared samples, on hand-written edge cases,
// and on seeded random mutations of the fixtures.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { YamlPath } from "../../src/repo/infra-model.ts";
import {
  MAYBE_NOT_STRING,
  parseBlockSubset,
  plainScalarTags,
  resolvePlain,
} from "../../src/repo/yaml-block-subset.ts";
import {
  parseYamlDocuments,
  parseYamlDocumentsFully,
  type YamlDocument,
} from "../../src/repo/yaml-documents.ts";
import { seededRandom } from "../support/seeded-random.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const samples = path.resolve(repoRoot, "../shared/cilium-samples");

function yamlFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return name === "node_modules" ? [] : yamlFiles(file);
    return /\.(ya?ml|json)$/.test(name) ? [file] : [];
  });
}

/** Every path into a value, plus paths one step past each node (the nearest-ancestor answers). */
function pathsOf(value: unknown, prefix: YamlPath = []): YamlPath[] {
  const paths: YamlPath[] = [prefix, [...prefix, "absent"], [...prefix, 0]];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      paths.push(...pathsOf(item, [...prefix, index]));
    });
    paths.push([...prefix, value.length], [...prefix, "01"]);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

function described(documents: readonly YamlDocument[]) {
  return documents.map((document) => ({
    file: document.file,
    value: document.value,
    line: document.line,
    // The plain scalars another reader may take differently (yaml-syntax.ts), recorded alike.
    syntax: document.syntax?.(),
    lines: pathsOf(document.value).map((at) => [
      at.join("."),
      document.lineOf(at),
      document.literalBlockFirstLine(at),
    ]),
  }));
}

/** The subset's reading of `text` equals the full parser's (or the subset declines). */
function expectSameReading(text: string): "fast" | "declined" {
  const fast = parseBlockSubset(text, "f.yaml");
  if (fast === undefined) return "declined";
  const full = parseYamlDocumentsFully(text, "f.yaml");
  expect(described(fast), text).toStrictEqual(described(full));
  return "fast";
}

describe("the block subset reads files exactly as the full parser does", () => {
  const fixtureFiles = yamlFiles(path.join(repoRoot, "fixtures"));
  const files = [...fixtureFiles, ...yamlFiles(path.join(repoRoot, "test")), ...yamlFiles(samples)];

  it("on every YAML file of the fixtures, the tests and the shared samples", () => {
    expect(fixtureFiles.length).toBeGreaterThan(30);
    const readings = files.map((file) => expectSameReading(readFileSync(file, "utf8")));
    // It must actually carry the load: the seed's manifests are all in the subset.
    const homelab = fixtureFiles.filter((file) => file.includes(`${path.sep}homelab${path.sep}`));
    for (const file of homelab)
      expect(parseBlockSubset(readFileSync(file, "utf8"), file), file).toBeDefined();
    expect(readings.filter((reading) => reading === "fast").length).toBeGreaterThan(homelab.length);
  });

  it.each([
    [
      "maps, sequences and compact maps",
      "a: 1\nb:\n  c: x\n  d:\n  - 1\n  - e: f\n    g: h\n  -   i: j\n      k: l\nm: []\nk: {}\n",
    ],
    [
      "YAML 1.1 scalars",
      "a: yes\nb: on\nc: Off\nd: ~\ne: null\nf: 0755\ng: 1:30\nh: 0x1F\ni: 1e3\nj: .inf\nk: 2024-01-01\nl: 1_000\nm: -1.5\nt: y\no: 10m\np: 1.0.5\nq: 'it''s'\nr: \"q\"\ns:\n",
    ],
    [
      "comments everywhere",
      "# head\na: 1 # one\n  # odd comment\nb: x#y\nc: \"v\" # c\nd: 'w'  # d\n# tail\n",
    ],
    [
      "literal blocks",
      "a: |\n  one\n\n  two\n    three\n\n\nb: |-\n    four\n    five\nc:\n  - |\n    six\n  - x\nd: |\n  # not a comment\ne: 1\n",
    ],
    ["documents", "---\na: 1\n---\n# only a comment\n---\nb: 2\n---\n"],
    [
      "keys with dots and slashes",
      "metadata:\n  labels:\n    app.kubernetes.io/name: x\n    io.cilium/lb-ipam-ips: 192.168.5.1\n",
    ],
    ["a sequence at the key's indentation", "resources:\n- a.yaml\n- b.yaml\nnamespace: x\n"],
  ])("reads %s like the full parser", (_name, text) => {
    expect(expectSameReading(text)).toBe("fast");
  });

  it.each([
    ["an anchor and an alias", "a: &x 1\nb: *x\n"],
    ["a flow map", "a: {b: 1}\n"],
    ["a tag", "a: !!str 1\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a folded block", "a: >\n  one\n"],
    ["a kept literal block", "a: |+\n  one\n"],
    ["a tab", "a:\tb\n"],
    ["a CR", "a: b\r\n"],
    ["an escape", 'a: "b\\n"\n'],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a quoted key", '"a": 1\n'],
    ["a boolean key (YAML 1.1 `on`)", "on: push\n"],
    ["a numeric key", "80: http\n"],
    ["a YAML 1.1 boolean key `n`", "n: {}\n"],
    ["a merge key", "<<: {}\n"],
    ["a root sequence", "- a\n"],
    ["a root scalar", "a\n"],
    ["a JSON document", '{"a": 1}\n'],
    ["a directive", "%YAML 1.1\n---\na: 1\n"],
    ["a document end marker", "a: 1\n...\n"],
    ["a nested compact sequence", "a:\n- - b\n"],
    ["an empty item", "a:\n-\n  b: 1\n"],
    ["a wrong indentation", "a:\n  b: 1\n c: 2\n"],
    ["a colon inside a plain value", "a: b: c\n"],
    ["a more-indented blank line leading a literal block", "a: |\n      \n  b\n"],
  ])("declines %s (the full parser decides)", (_name, text) => {
    expect(parseBlockSubset(text, "f.yaml")).toBeUndefined();
  });

  it("leaves syntax errors to the full parser, which names file and line", () => {
    expect(() => parseYamlDocuments("a: 1\na: 2\n", "dup.yaml")).toThrow(/dup\.yaml:2/);
    expect(() => parseYamlDocuments("a:\n  b: 1\n c: 2\n", "indent.yaml")).toThrow(/indent\.yaml:\d/);
  });
});

describe("plain scalars", () => {
  it("are strings without asking the tags only where no YAML 1.1 tag could match", () => {
    const tags = plainScalarTags();
    expect(tags.map((tag) => tag.tag)).toContain("tag:yaml.org,2002:float");
    expect(tags.map((tag) => tag.tag)).not.toContain("tag:yaml.org,2002:timestamp");
    // Texts built from the characters the tags' patterns use: any a tag matches must be caught.
    const alphabet = "0123456789_:.-+eEbxoOnNyYtTrRuUfFaAlLsSiI~ ";
    const next = seededRandom(0x7a95);
    for (let round = 0; round < 20_000; round++) {
      let text = "";
      for (let length = Math.floor(next() * 7); length > 0; length--) {
        text += alphabet[Math.floor(next() * alphabet.length)];
      }
      if (tags.some((tag) => tag.test?.test(text))) expect(MAYBE_NOT_STRING.test(text), text).toBe(true);
    }
    for (const word of ["yes", "No", "ON", "off", "y", "N", "null", "~", "", "e5", "E12345", ".inf"]) {
      expect(MAYBE_NOT_STRING.test(word), word).toBe(true);
    }
    // yaml 1.1 reads it as an exponent float with no digits: NaN, not the text (so it must be asked).
    expect(resolvePlain("e12345")).toBeNaN();
    expect(resolvePlain("e1234a")).toBe("e1234a");
    expect(resolvePlain("ghcr.io/app:1.0")).toBe("ghcr.io/app:1.0");
  });
});

const FRAGMENTS = [
  " ",
  "  ",
  ":",
  ": ",
  "-",
  "- ",
  "#",
  " #",
  "|",
  "|-",
  "|+",
  ">",
  '"',
  "'",
  "\n",
  "\n  ",
  "yes",
  "on",
  "0",
  "012",
  "1.5",
  "~",
  "null",
  "{",
  "}",
  "[",
  "]",
  "{}",
  "[]",
  "&a ",
  "*a",
  "!!str ",
  "---\n",
  "...",
  "\n---\n",
  "x: y",
  "\n- ",
  "\n  - ",
  "\n\n",
  "   \n",
  "a:\n",
  "''",
  '""',
  "1:2",
  "0x1F",
  "<<",
];

describe("under random mutations of the fixtures", () => {
  it("never reads a text differently from the full parser (and never accepts what it rejects)", () => {
    const texts = yamlFiles(path.join(repoRoot, "fixtures")).map((file) => readFileSync(file, "utf8"));
    const next = seededRandom(0x5ab5e7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const readings = { fast: 0, declined: 0 };
    for (let round = 0; round < 3000; round++) {
      let text = pick(texts);
      for (let edit = Math.floor(next() * 3); edit >= 0; edit--) {
        const at = Math.floor(next() * (text.length + 1));
        const kind = next();
        if (kind < 0.5) text = text.slice(0, at) + pick(FRAGMENTS) + text.slice(at);
        else if (kind < 0.75) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        else {
          const lines = text.split("\n");
          const index = Math.floor(next() * lines.length);
          lines[index] = next() < 0.5 ? ` ${lines[index]}` : lines[index]!.replace(/^ /, "");
          text = lines.join("\n");
        }
      }
      readings[expectSameReading(text)]++;
    }
    // Both paths are exercised: a third of the mutants stay in the subset.
    expect(readings.fast).toBeGreaterThan(300);
    expect(readings.declined).toBeGreaterThan(300);
  });
});
