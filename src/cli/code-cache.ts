// A V8 code cache for the published bundle, written after the command ran. Node's compile cache
// (module.enableCompileCache) keeps each module's code as compiled before it runs, so every
// function V8 compiles lazily while a command runs — most of the YAML parser and the checks — is
// compiled again at every start. V8's Script#createCachedData, called after the run, includes
// every function compiled so far (the technique of the v8-compile-cache package), which takes
// ~20 ms (a tenth) off `check`'s CPU time.
//
// Only the bundle's own CommonJS chunks go through it (Module#_compile for files in `bundleDir`;
// everything else is Node's). A chunk's cache is keyed by the hash of its text; one V8 rejects
// (another Node) is written again; any failure falls back to Node's own compile and is never an
// error. NODE_DISABLE_COMPILE_CACHE turns it off, as it turns off Node's.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";

type Compile = (this: Module, content: string, filename: string) => unknown;

interface PendingCache {
  script: vm.Script;
  file: string;
}

export interface CodeCache {
  /** Chunks compiled from a cache V8 accepted. */
  readonly hits: string[];
  /** Writes the caches of the chunks compiled without one (also done when the process exits). */
  persist(): string[];
}

export function installCodeCache(options: { bundleDir: string; cacheDir: string }): CodeCache {
  const bundleDir = path.resolve(options.bundleDir) + path.sep;
  const prototype = Module.prototype as unknown as { _compile: Compile };
  const original = prototype._compile;
  const pending: PendingCache[] = [];
  const hits: string[] = [];
  prototype._compile = function compileWithCodeCache(content, filename) {
    if (!filename.startsWith(bundleDir)) return original.call(this, content, filename);
    let compiled: ReturnType<typeof compileChunk>;
    try {
      compiled = compileChunk(content, filename, options.cacheDir);
    } catch {
      return original.call(this, content, filename);
    }
    if (compiled.fromCache) hits.push(filename);
    else pending.push({ script: compiled.script, file: compiled.cacheFile });
    const run = compiled.script.runInThisContext() as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return run.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  const persist = (): string[] => {
    const written: string[] = [];
    for (const { script, file } of pending.splice(0)) {
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, file);
        written.push(file);
      } catch {
        // A cache is an optimisation: a read-only or full disk only means no cache.
      }
    }
    return written;
  };
  process.once("exit", persist);
  return { hits, persist };
}

function compileChunk(content: string, filename: string, cacheDir: string) {
  const key = createHash("sha256").update(content).digest("hex").slice(0, 32);
  const cacheFile = path.join(cacheDir, `${path.basename(filename)}-${key}`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(content), {
    filename,
    ...(cachedData ? { cachedData } : {}),
    // The chunks import() ESM-only packages (vitest): resolve them as the main context would.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return { script, cacheFile, fromCache: cachedData !== undefined && !script.cachedDataRejected };
}
