// Every `cilium-conformance <command> --flag` written in the workflows, the examples and the docs
// must name a command and flags that exist, so a renamed option cannot leave CI or the README
// calling something that is gone.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commandRegistry } from "../../src/cli/registry.ts";

const root = join(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

interface Invocation {
  file: string;
  command: string;
  flags: string[];
}

/**
 * `cilium-conformance <cmd> …` (or the launcher, `…/bin/cilium-conformance.js" <cmd> …`) up to the
 * end of the shell command (newline, `||`, `>>`, `;`, `|`); a `\` continues it on the next line.
 */
function invocationsIn(source: string, file: string): Invocation[] {
  // A GitHub expression stands for the flags it may produce (its `||` is not the shell's).
  const text = source
    .replace(/\$\{\{[\s\S]*?\}\}/g, (expression) =>
      [...expression.matchAll(/--[a-z][a-z-]*/g)].map((flag) => flag[0]).join(" "),
    )
    .replace(/\\\n/g, " ");
  const found: Invocation[] = [];
  for (const match of text.matchAll(/cilium-conformance(?:\.js"?)? ([a-z]+)((?:[^\n;|>]|\|(?!\|))*)/g)) {
    const [, command = "", rest = ""] = match;
    const flags = [...rest.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((flag) => flag[1] ?? "");
    found.push({ file, command, flags });
  }
  return found;
}

function workflowRunScripts(file: string): string[] {
  const workflow = parse(read(file)) as { jobs: Record<string, { steps?: { run?: string }[] }> };
  return Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).flatMap((step) => step.run ?? []));
}

function actionRunScripts(file: string): string[] {
  const action = parse(read(file)) as { runs: { steps: { run?: string }[] } };
  return action.runs.steps.flatMap((step) => step.run ?? []);
}

const actionFiles = ["action.yml", "versions/action.yml", "gather/action.yml"];

const workflowFiles = [
  ...readdirSync(join(root, ".github/workflows")).map((name) => `.github/workflows/${name}`),
  ...readdirSync(join(root, "examples")).map((name) => `examples/${name}`),
];
const markdownFiles = ["README.md", ...readdirSync(join(root, "docs")).map((name) => `docs/${name}`)];

const invocations: Invocation[] = [
  ...workflowFiles.flatMap((file) =>
    workflowRunScripts(file).flatMap((script) => invocationsIn(script, file)),
  ),
  ...actionFiles.flatMap((file) => actionRunScripts(file).flatMap((script) => invocationsIn(script, file))),
  // In markdown, only code: fenced blocks and inline `…` spans.
  ...markdownFiles.flatMap((file) =>
    [...read(file).matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].flatMap((code) =>
      invocationsIn(code[0].replaceAll("\\|", "|"), file),
    ),
  ),
];

describe("documented invocations", () => {
  it("finds the workflow, README and docs invocations (so the checks below cannot pass on nothing)", () => {
    const files = new Set(invocations.map((invocation) => invocation.file));
    expect(files).toContain(".github/workflows/conformance.yml");
    expect(files).toContain("action.yml");
    expect(files).toContain("versions/action.yml");
    expect(files).toContain("gather/action.yml");
    expect(files).toContain("README.md");
    expect(
      invocations.some(
        (i) =>
          i.file === "action.yml" && i.command === "run" && i.flags.includes("collect-sysdump-on-failure"),
      ),
    ).toBe(true);
  });

  it("name commands and flags the CLI really has", async () => {
    const problems: string[] = [];
    for (const invocation of invocations) {
      const entry = commandRegistry.find((c) => c.name === invocation.command);
      if (!entry) {
        problems.push(`${invocation.file}: unknown command "${invocation.command}"`);
        continue;
      }
      const command = await entry.load();
      const known = new Set([...command.options.map((o) => o.name), "help"]);
      for (const flag of invocation.flags) {
        if (!known.has(flag)) problems.push(`${invocation.file}: \`${invocation.command}\` has no --${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the extractor reads flags inside GitHub expressions and stops at the end of the command", () => {
    const [one] = invocationsIn(
      "npx cilium-conformance run --repo x ${{ inputs.v && format('--cilium-version {0}', inputs.v) || '' }}",
      "t",
    );
    expect(one?.flags).toEqual(["repo", "cilium-version"]);
    const [two] = invocationsIn(
      'npx cilium-conformance check --repo x || status=$? >> "$GITHUB_STEP_SUMMARY" --nope',
      "t",
    );
    expect(two).toEqual({ file: "t", command: "check", flags: ["repo"] });
    const [three] = invocationsIn(
      'node "$P/bin/cilium-conformance.js" run --repo "$R" \\\n  ${CANDIDATE:+--cilium-version "$C"} --offline\nnext --x',
      "t",
    );
    expect(three).toEqual({ file: "t", command: "run", flags: ["repo", "cilium-version", "offline"] });
  });
});
