// Throwaway infra repos for tests (loader, check, upgrade): written to a temp folder, removed after the test file.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { mergedPiholeService, PIHOLE_SERVICES } from "../../rehearsal/variant-repos.ts";

export const fixtureRoot = fileURLToPath(new URL("../../fixtures/homelab", import.meta.url));

const created: string[] = [];
afterAll(() => {
  for (const folder of created) rmSync(folder, { recursive: true, force: true });
});

/** Writes `files` (repo-relative name -> text) into a new temp folder and returns its path. */
export function writeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "cc-repo-"));
  created.push(root);
  writeFiles(root, files);
  return root;
}

/** A copy of fixtures/homelab with some files replaced (or removed when the text is null). */
export function fixtureWith(changes: Record<string, string | null>): string {
  const root = mkdtempSync(path.join(tmpdir(), "cc-fixture-"));
  created.push(root);
  cpSync(fixtureRoot, root, { recursive: true });
  for (const [file, text] of Object.entries(changes)) {
    if (text === null) rmSync(path.join(root, file), { force: true });
    else writeFiles(root, { [file]: text });
  }
  return root;
}

/**
 * The fix `check` gives for the seed's Pi-hole pair (its error l2-shared-ip-leases): one Service
 * with both DNS ports. Spread into fixtureWith's changes when a test needs the seed without it.
 */
export const piholeFix = (): Record<string, string> => ({ [PIHOLE_SERVICES]: mergedPiholeService() });

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** Removes the common indentation of a template literal, so YAML in tests reads naturally. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, "");
  const indents = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => /^ */.exec(line)![0].length);
  const indent = Math.min(...indents);
  return text
    .split("\n")
    .map((line) => line.slice(indent))
    .join("\n")
    .replace(/[ \t]+$/, "");
}

/** The error `run` throws (fails the test when it throws nothing). */
export function thrown(run: () => unknown): Error & {
  code?: string;
  file?: string;
  line?: number;
  hint?: string;
  problems?: readonly { line?: number | undefined; message: string }[];
} {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, but none was thrown");
}
