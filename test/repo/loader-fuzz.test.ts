// Property test over the loader and `check`: random YAML mutations of fixtures/homelab never crash,
// hang or leak a stack trace — every case ends in exit 0, 1 or 2, and a 2 names a code and a fix.
// Seeded and bounded (CASES mutations, each with its own vitest timeout), so a failure replays.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { seededRandom } from "../support/seeded-random.ts";
import { fixtureRoot } from "../support/temp-repo.ts";

const SEED = 0x13c0ffee;
const CASES = 120;

function yamlFiles(root: string, folder = ""): string[] {
  return readdirSync(path.join(root, folder)).flatMap((name) => {
    const file = folder ? `${folder}/${name}` : name;
    if (statSync(path.join(root, file)).isDirectory()) return yamlFiles(root, file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

// Fragments that stress the YAML and Kubernetes layers: anchors and aliases, merge keys, tags,
// flow collections, block scalars, document markers, tabs, odd scalars and very long values.
const FRAGMENTS = [
  "&a",
  "*a",
  "*missing",
  "<<: *a",
  "<<: 1",
  "!!binary",
  "!!int",
  "!!str",
  "!custom",
  "{",
  "}",
  "[",
  "]",
  "---",
  "...",
  "|",
  ">-",
  "? ",
  ": ",
  "- ",
  "\t",
  "#",
  "'",
  '"',
  "~",
  "null",
  "yes",
  "0x1F",
  "1e3",
  "2024-01-01",
  "${VAR}",
  "${VAR:=x}",
  "%YAML 1.1",
  "@",
  "`",
  "\u0000",
  "\uFEFF",
  "x".repeat(5000),
];

type Mutation = (lines: string[], next: () => number) => string[];
const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;
const at = (lines: string[], next: () => number) => Math.floor(next() * Math.max(lines.length, 1));

const MUTATIONS: Mutation[] = [
  (lines, next) => lines.toSpliced(at(lines, next), 1),
  (lines, next) => {
    const index = at(lines, next);
    return lines.toSpliced(index, 0, lines[index] ?? "");
  },
  (lines, next) => {
    const index = at(lines, next);
    const line = lines[index] ?? "";
    const column = Math.floor(next() * (line.length + 1));
    return lines.with(index, line.slice(0, column) + pick(FRAGMENTS, next) + line.slice(column));
  },
  (lines, next) => {
    const index = at(lines, next);
    const line = lines[index] ?? "";
    return lines.with(index, next() < 0.5 ? `  ${line}` : line.replace(/^ {1,2}/, ""));
  },
  (lines, next) => {
    const a = at(lines, next);
    const b = at(lines, next);
    const copy = [...lines];
    [copy[a], copy[b]] = [copy[b] ?? "", copy[a] ?? ""];
    return copy;
  },
  (lines, next) => {
    const index = at(lines, next);
    return lines.with(index, (lines[index] ?? "").replace(/: .*$/, `: ${pick(FRAGMENTS, next)}`));
  },
  (lines, next) => lines.slice(0, at(lines, next)),
  // Anchors and aliases on values: the construction step (aliases, merges, alias bombs).
  (lines, next) => {
    const keyed = lines.flatMap((line, index) => (/^\s*[\w.-]+:\s*\S/.test(line) ? [index] : []));
    if (keyed.length === 0) return lines;
    const index = pick(keyed, next);
    const alias = pick(["*a", "*missing", "<<: *a", "<<: 1", "&a [*a]", "&a { x: *a }"], next);
    const anchored = pick(keyed, next);
    const copy = lines.with(index, (lines[index] ?? "").replace(/:\s*\S.*$/, `: ${alias}`));
    return next() < 0.5 ? copy : copy.with(anchored, (copy[anchored] ?? "").replace(/:\s*/, ": &a "));
  },
];

const work = mkdtempSync(path.join(tmpdir(), "cc-fuzz-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
cpSync(fixtureRoot, work, { recursive: true });
const files = yamlFiles(work).sort();
const next = seededRandom(SEED);
const cases = Array.from({ length: CASES }, (_, index) => {
  const file = pick(files, next);
  const original = readFileSync(path.join(work, file), "utf8");
  let lines = original.split("\n");
  const count = 1 + Math.floor(next() * 3);
  for (let step = 0; step < count; step++) lines = pick(MUTATIONS, next)(lines.length ? lines : [""], next);
  return { index, file, original, text: lines.join("\n") };
});

describe(`loader fuzz (seed ${SEED.toString(16)}, ${CASES} mutations of fixtures/homelab)`, () => {
  it.each(cases)(
    "case $index ($file): exit 0/1/2, no stack trace",
    { timeout: 30_000 },
    async ({ file, original, text }) => {
      writeFileSync(path.join(work, file), text);
      const out: string[] = [];
      const err: string[] = [];
      try {
        const exit = await runCli(["check", "--repo", work], {
          stdout: (chunk) => out.push(chunk),
          stderr: (chunk) => err.push(chunk),
          env: { NO_COLOR: "1", CILIUM_CONFORMANCE_KUSTOMIZE: "builtin" },
          cwd: work,
        });
        const stderr = err.join("");
        expect([0, 1, 2], `exit ${exit}; stderr:\n${stderr}`).toContain(exit);
        expect(stderr).not.toContain("internal error");
        expect(stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
        if (exit === 2) {
          expect(stderr).toMatch(/^error\[CC_[A-Z_]+\]/);
          expect(stderr).toContain("fix: ");
          expect(stderr.length).toBeLessThan(6000);
        } else {
          expect(out.join("")).toMatch(/\d+ errors?, \d+ warnings?/);
        }
      } finally {
        writeFileSync(path.join(work, file), original);
      }
    },
  );
});
