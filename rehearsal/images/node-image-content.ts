// Resolves the node image's content on this host: each program's file, the shared libraries `ldd`
// names for it (placed where ldd found them, so the loader's default search finds them), the
// xtables extensions, links and the small /etc files. The content hash covers every byte, so the
// tag changes whenever a Debian package, the Node binary or this layout changes.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access, constants, readdir, stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { FileFactsCache } from "./file-facts-cache.ts";
import { parseLddOutput } from "./ldd-output.ts";
import {
  dockerfile,
  IMAGE_DIRECTORIES,
  IMAGE_ETC_FILES,
  type ImageLink,
  type ImageProgram,
  imageLinks,
  imagePrograms,
  XTABLES_LIBDIR,
} from "./node-image-spec.ts";

const run = promisify(execFile);

export interface ImageFile {
  /** Path in the image. */
  path: string;
  /** The host file copied there (links followed). */
  source: string;
}

export interface NodeImageContent {
  files: ImageFile[];
  links: ImageLink[];
  texts: Readonly<Record<string, string>>;
  directories: readonly string[];
  dockerfile: string;
  hash: string;
}

export class NodeImageInputError extends Error {
  override readonly name = "NodeImageInputError";
}

/** Where commands are looked for on the host: PATH plus the sbin folders a root PATH has. */
function searchPath(env: Record<string, string | undefined>): string[] {
  const dirs = (env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  return [...new Set([...dirs, "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"])];
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function locate(program: ImageProgram, env: Record<string, string | undefined>): Promise<string> {
  const candidates = program.host.startsWith("/")
    ? [program.host]
    : searchPath(env).map((dir) => join(dir, program.host));
  for (const candidate of candidates) if (await isExecutable(candidate)) return candidate;
  throw new NodeImageInputError(
    `${program.label} (${program.host}) is not on this host; fix: apt-get install ${program.debianPackage}`,
  );
}

async function ldd(path: string): Promise<string> {
  try {
    const { stdout } = await run("ldd", [path]);
    return stdout;
  } catch (error) {
    // ldd exits 1 for a static program ("not a dynamic executable").
    const output = error as { stdout?: string; stderr?: string };
    return `${output.stdout ?? ""}${output.stderr ?? ""}`;
  }
}

function isStaticOutput(text: string): boolean {
  return /statically linked|not a dynamic executable/.test(text);
}

export async function resolveNodeImageContent(options: {
  nodeBinary: string;
  env: Record<string, string | undefined>;
  xtablesLibdir?: string;
  /** JSON file remembering file digests between calls (default: memory only). */
  factsCachePath?: string;
}): Promise<NodeImageContent> {
  const facts = await FileFactsCache.open(options.factsCachePath);
  const lddOf = (path: string) => facts.remember(path, "ldd", () => ldd(path));
  const files = new Map<string, ImageFile>();
  const add = (path: string, source: string) => files.set(path, { path, source });
  const libraryOf = async (label: string, path: string) => {
    const text = await lddOf(path);
    if (isStaticOutput(text)) return;
    const result = parseLddOutput(text);
    if (result.missing.length > 0) {
      throw new NodeImageInputError(
        `${label} (${path}) needs libraries this host lacks: ${result.missing.join(", ")}`,
      );
    }
    for (const library of result.libraries) add(library, library);
  };
  for (const program of imagePrograms(options.nodeBinary)) {
    const source = await locate(program, options.env);
    if (program.static && !isStaticOutput(await lddOf(source))) {
      throw new NodeImageInputError(
        `${source} is not a statically linked ${program.label}; fix: apt-get install ${program.debianPackage}`,
      );
    }
    add(program.path, source);
    await libraryOf(program.label, source);
  }
  const xtablesDir = options.xtablesLibdir ?? XTABLES_LIBDIR;
  let extensions: string[];
  try {
    extensions = (await readdir(xtablesDir)).filter((name) => name.endsWith(".so")).sort();
  } catch {
    throw new NodeImageInputError(
      `the xtables extensions folder ${xtablesDir} is missing; fix: apt-get install iptables`,
    );
  }
  for (const name of extensions) {
    const source = join(xtablesDir, name);
    add(join(XTABLES_LIBDIR, name), source);
    await libraryOf(`xtables extension ${name}`, source);
  }
  const sorted = [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
  const content = {
    files: sorted,
    links: imageLinks(),
    texts: IMAGE_ETC_FILES,
    directories: IMAGE_DIRECTORIES,
    dockerfile: dockerfile(),
  };
  const hash = await hashContent(content, (path) => facts.digest(path));
  await facts.save().catch(() => undefined);
  return { ...content, hash };
}

async function hashContent(
  content: Omit<NodeImageContent, "hash">,
  fileDigest: (path: string) => Promise<string>,
): Promise<string> {
  const hash = createHash("sha256");
  hash.update(content.dockerfile);
  for (const file of content.files) hash.update(`file ${file.path} ${await fileDigest(file.source)}\n`);
  for (const link of content.links) hash.update(`link ${link.path} ${link.target}\n`);
  for (const [path, text] of Object.entries(content.texts)) hash.update(`text ${path} ${text}\n`);
  for (const dir of content.directories) hash.update(`dir ${dir}\n`);
  return hash.digest("hex");
}

/** `docker build` context layout: the Dockerfile and rootfs/<image path>. */
export function stagedPath(contextDir: string, imagePath: string): string {
  return join(contextDir, "rootfs", imagePath);
}
