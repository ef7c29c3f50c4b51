// Screenshots of what a person sees of a run, taken in headless Chromium from disk (file://, no
// server, every host name unresolvable): the Allure overview, the suites tree opened at the first
// failed case, that case's page, the categories, summary.md rendered as GitHub renders Markdown
// (cmark-gfm, GitHub's own renderer: apt-get install cmark-gfm) and, given a captured console
// (`FORCE_COLOR=1 cilium-conformance run … 2>&1 | tee console.txt`), the console as a terminal
// shows it.
//   node scripts/report-screenshots.ts --run-dir reports/<run-id> --out <folder> [--name <prefix>] [--console <file>]
//   node scripts/report-screenshots.ts --model report.json --out <folder> [--name <prefix>] [--console <file>]
// With --model (e.g. a real run's report.json), the report folder is written from it first, into a
// temporary folder, as `run` writes it today; --run-dir renders the folder as it is (only its
// allure-report/ is (re)generated).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runCli } from "../src/cli/run-cli.ts";
import { writeReport } from "../src/report/report-files.ts";
import type { ReportModel } from "../src/report/report-model.ts";
import { STATIC_CHECKS_TITLE } from "../src/report/static-check-suite.ts";
import { requireChromium, screenshot } from "../test/support/chromium.ts";
import { ansiToHtml } from "./screenshots/ansi-html.ts";

const USAGE = `usage: node scripts/report-screenshots.ts (--run-dir DIR | --model report.json) --out DIR [--name PREFIX] [--console FILE]
  --run-dir DIR     a run's report folder, rendered as it is (its allure-report/ is regenerated)
  --model FILE      a report.json: the report folder is written from it first, into a temp folder
  --out DIR         where the PNGs go (made if missing)
  --name PREFIX     file name prefix (default: report)
  --console FILE    a captured console (FORCE_COLOR=1 … 2>&1 | tee FILE), shown as a terminal does
  -h, --help        this text
`;

/** A tool the screenshots need is missing: one line naming it and how to install it, exit 3. */
function missingTool(problem: string): never {
  process.stderr.write(`report-screenshots: ${problem}\n`);
  process.exit(3);
}

/** Bad usage: one line saying what, the hint, exit 2 (no stack trace). */
function usageError(problem: string): never {
  process.stderr.write(`report-screenshots: ${problem} (see --help)\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        "run-dir": { type: "string" },
        model: { type: "string" },
        out: { type: "string" },
        name: { type: "string", default: "report" },
        console: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

const values = parse();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!values.out) usageError("--out DIR is required");
if (!values["run-dir"] === !values.model) usageError("give exactly one of --run-dir DIR and --model FILE");
const out = resolve(values.out);
let runDir = values["run-dir"] ? resolve(values["run-dir"]) : "";
let model: ReportModel | undefined;
if (values.model) {
  try {
    model = JSON.parse(readFileSync(values.model, "utf8")) as ReportModel;
  } catch (error) {
    usageError(
      `cannot read --model ${values.model}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
// The tools, before anything is written: a missing one is an environment problem (exit 3).
await requireChromium().catch((error: Error) => missingTool(error.message));
if (spawnSync("cmark-gfm", ["--version"], { stdio: "ignore", timeout: 30_000 }).status !== 0) {
  missingTool(
    "cmark-gfm, which renders summary.md as GitHub does, is not installed: apt-get install cmark-gfm",
  );
}
if (model) {
  runDir = join(mkdtempSync(join(tmpdir(), "cc-shots-")), "reports", model.run.runId);
  await writeReport({ reportDir: runDir, model, env: {} });
}
mkdirSync(out, { recursive: true });

const io = {
  stdout: (text: string) => process.stderr.write(text),
  stderr: (text: string) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};
if ((await runCli(["report", "--run-dir", runDir], io)) !== 0) process.exit(1);
const index = join(runDir, "allure-report", "index.html");
const url = pathToFileURL(index).href;
const html = readFileSync(index, "utf8");

interface TreeNode {
  uid: string;
  name: string;
  status?: string;
  children?: TreeNode[];
}
/** The single file inlines its data as d('<path>','<base64>'). */
function embedded(path: string): unknown {
  const match = new RegExp(`d\\('${path.replace(/[.]/g, "\\.")}','([A-Za-z0-9+/=]*)'\\)`).exec(html);
  return match ? JSON.parse(Buffer.from(match[1] ?? "", "base64").toString("utf8")) : undefined;
}
/**
 * The case to show: the first failed, else broken, case of the live suites (what a reader looks
 * for first), else of the static checks; with the path of groups down to it.
 */
function firstProblem(root: TreeNode | undefined): { path: TreeNode[]; test: TreeNode } | undefined {
  const groups = root?.children ?? [];
  const live = groups.filter((group) => group.name !== STATIC_CHECKS_TITLE);
  const staticChecks = groups.filter((group) => group.name === STATIC_CHECKS_TITLE);
  for (const [wanted, within] of [
    ["failed", live],
    ["broken", live],
    ["failed", staticChecks],
  ] as const) {
    const walk = (node: TreeNode, path: TreeNode[]): { path: TreeNode[]; test: TreeNode } | undefined => {
      for (const child of node.children ?? []) {
        if (child.children) {
          const found = walk(child, [...path, child]);
          if (found) return found;
        } else if (child.status === wanted) {
          return { path, test: child };
        }
      }
      return undefined;
    };
    for (const group of within) {
      const found = walk(group, [group]);
      if (found) return found;
    }
  }
  return undefined;
}
const problem = firstProblem(embedded("data/suites.json") as TreeNode | undefined);

const shots: [string, string][] = [
  ["overview", url],
  ["categories", `${url}#categories`],
  ...(problem
    ? ([
        ["suites", `${url}#suites/${problem.path.map((node) => node.uid).join("/")}/${problem.test.uid}`],
        ["case", `${url}#testresult/${problem.test.uid}`],
      ] as [string, string][])
    : ([["suites", `${url}#suites`]] as [string, string][])),
];
const written: string[] = [];
for (const [what, address] of shots) {
  const file = join(out, `${values.name}-allure-${what}.png`);
  await screenshot(address, file, { width: 1400, height: 1000, virtualTimeMs: 15_000 });
  written.push(file);
}

// summary.md as GitHub shows it in the job summary (GFM tables), with a plain GitHub-like style.
const markdown = readFileSync(join(runDir, "summary.md"), "utf8");
const body = execFileSync("cmark-gfm", ["-e", "table", "-e", "strikethrough", "-e", "autolink"], {
  input: markdown,
  encoding: "utf8",
});
const pages = mkdtempSync(join(tmpdir(), "cc-shot-pages-"));
const summaryPage = join(pages, "summary.html");
writeFileSync(
  summaryPage,
  `<!doctype html><meta charset="utf-8"><style>
body{font:14px/1.5 -apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;max-width:1280px;margin:24px auto;color:#1f2328}
h1{font-size:1.6em;border-bottom:1px solid #d1d9e0;padding-bottom:.3em}h2{font-size:1.3em;border-bottom:1px solid #d1d9e0;padding-bottom:.3em;margin-top:24px}
table{border-collapse:collapse;margin:8px 0;display:block;overflow:auto}th,td{border:1px solid #d1d9e0;padding:4px 10px;vertical-align:top}
tr:nth-child(2n){background:#f6f8fa}code{background:#eff1f3;padding:.1em .3em;border-radius:4px;font-size:85%}
pre{background:#f6f8fa;padding:12px;overflow:auto;border-radius:6px}pre code{background:none;padding:0}
</style>${body}`,
);
const summaryShot = join(out, `${values.name}-summary.png`);
await screenshot(pathToFileURL(summaryPage).href, summaryShot, {
  width: 1400,
  height: 2000,
  virtualTimeMs: 2_000,
});
written.push(summaryShot);

// The console as a dark terminal shows it: the captured text with its ANSI colours.
if (values.console) {
  const text = readFileSync(values.console, "utf8");
  const consolePage = join(pages, "console.html");
  writeFileSync(
    consolePage,
    `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#1e1e1e}pre{margin:0;padding:16px;color:#d4d4d4;font:13px/1.35 "DejaVu Sans Mono","Liberation Mono",monospace;white-space:pre-wrap}
</style><pre>${ansiToHtml(text)}</pre>`,
  );
  // Rows as the page wraps them: ~150 characters of this font fit the 1200-pixel window.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the colours are not shown characters
  const visible = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "").split("\n");
  const lines = visible.reduce((rows, line) => rows + Math.max(1, Math.ceil(line.length / 150)), 0);
  const consoleShot = join(out, `${values.name}-console.png`);
  await screenshot(pathToFileURL(consolePage).href, consoleShot, {
    width: 1200,
    height: Math.min(6000, 60 + lines * 19),
    virtualTimeMs: 1_000,
  });
  written.push(consoleShot);
}
process.stdout.write(`${written.join("\n")}\n`);
