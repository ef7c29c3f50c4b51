// Fake tool binaries for tests: small sh scripts in a temp dir that print what a real tool
// prints and log their argv and selected env, so wrappers are tested through real processes.

import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeBinDir {
  dir: string;
  logFile: string;
  /** Writes an executable `name` whose body is `script` (sh). */
  add(name: string, script: string): Promise<string>;
  /** Each logged call: argv joined by spaces, then `KEY=value` lines requested by the script. */
  calls(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function makeFakeBinDir(): Promise<FakeBinDir> {
  const root = await mkdtemp(join(tmpdir(), "cc-fakebin-"));
  const dir = join(root, "bin");
  await mkdir(dir);
  const logFile = join(root, "calls.log");
  await writeFile(logFile, "");
  return {
    dir,
    logFile,
    async add(name, script) {
      const path = join(dir, name);
      await writeFile(path, `#!/bin/sh\n${script}\n`);
      await chmod(path, 0o755);
      return path;
    },
    async calls() {
      const text = await readFile(logFile, "utf8");
      return text.split("\n").filter(Boolean);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A script line that appends `<name> <argv…>` to the log. */
export function logArgs(fake: FakeBinDir, name: string): string {
  return `echo "${name} $*" >> "${fake.logFile}"`;
}
