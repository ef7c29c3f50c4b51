// Builds the rehearsal's node image when no image with the same content exists (tag = content
// hash), so a second call costs only the hash. The image is labelled as the harness's own.

import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type NodeImageContent, resolveNodeImageContent, stagedPath } from "./node-image-content.ts";
import { CONTENT_HASH_LABEL, IMAGE_REPOSITORY, MANAGED_LABEL, REHEARSAL_LABEL } from "./node-image-spec.ts";

const run = promisify(execFile);
const DEFAULT_DIGEST_CACHE = fileURLToPath(
  new URL("../../.cache/rehearsal-node-image-facts.json", import.meta.url),
);

export interface BuiltNodeImage {
  image: string;
  hash: string;
  built: boolean;
  elapsedMs: number;
}

export function nodeImageTag(hash: string): string {
  return `${IMAGE_REPOSITORY}:${hash.slice(0, 16)}`;
}

export async function ensureNodeImage(options: {
  docker: string;
  nodeBinary?: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Remembers file digests between calls (default: .cache/ in the project, git-ignored). */
  factsCachePath?: string;
}): Promise<BuiltNodeImage> {
  const started = performance.now();
  const content = await resolveNodeImageContent({
    nodeBinary: options.nodeBinary ?? process.execPath,
    env: options.env ?? process.env,
    factsCachePath: options.factsCachePath ?? DEFAULT_DIGEST_CACHE,
  });
  const image = nodeImageTag(content.hash);
  const current = await imageHash(options.docker, image);
  if (current === content.hash) {
    return { image, hash: content.hash, built: false, elapsedMs: Math.round(performance.now() - started) };
  }
  options.log?.(
    `building ${image} (${content.files.length} files from this host's Debian packages and Node)`,
  );
  const context = await mkdtemp(join(tmpdir(), "cc-rehearsal-node-image-"));
  try {
    await stage(content, context);
    await run(
      options.docker,
      [
        "build",
        "--quiet",
        "--label",
        `${CONTENT_HASH_LABEL}=${content.hash}`,
        "--label",
        `${MANAGED_LABEL}=true`,
        "--label",
        `${REHEARSAL_LABEL}=node`,
        "-t",
        image,
        context,
      ],
      { env: { ...process.env, DOCKER_BUILDKIT: "0" }, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: unknown) => {
      const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
      throw new Error(`docker build of ${image} failed: ${detail.split("\n").slice(-3).join(" ")}`);
    });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return { image, hash: content.hash, built: true, elapsedMs: Math.round(performance.now() - started) };
}

async function imageHash(docker: string, image: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(docker, [
      "image",
      "inspect",
      "--format",
      `{{ index .Config.Labels "${CONTENT_HASH_LABEL}" }}`,
      image,
    ]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

async function stage(content: NodeImageContent, context: string): Promise<void> {
  await writeFile(join(context, "Dockerfile"), content.dockerfile);
  for (const dir of content.directories) await mkdir(stagedPath(context, dir), { recursive: true });
  for (const file of content.files) {
    const target = stagedPath(context, file.path);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(file.source, target);
    await chmod(target, (await stat(file.source)).mode & 0o777);
  }
  for (const link of content.links) {
    const target = stagedPath(context, link.path);
    await mkdir(dirname(target), { recursive: true });
    await symlink(link.target, target);
  }
  for (const [path, text] of Object.entries(content.texts)) {
    const target = stagedPath(context, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}
