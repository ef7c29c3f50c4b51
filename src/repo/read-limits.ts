// How much of a repo the loader reads before it refuses: a per-file and a total byte cap and a
// cap on the entries it walks, so a hostile or broken repo (a 20 GB file, a FIFO, a folder with
// millions of entries) ends in a clear exit 2 instead of a killed process or a hang.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { RepoError } from "../errors.ts";

export interface ReadLimits {
  /** Largest single file read, in bytes. */
  fileBytes: number;
  /** Most bytes read from the repo in one load. */
  totalBytes: number;
  /** Most folder entries walked while listing the repo. */
  entries: number;
}

// The largest manifests in real repos are CRD bundles of a few MB (Gateway API's experimental
// install is under 1 MB, cert-manager's CRDs about 0.5 MB); 8 MB per file leaves room for them.
// 128 MB in all keeps the parsed repo well inside the 500 MB the `check` benchmark allows.
export const DEFAULT_READ_LIMITS: ReadLimits = {
  fileBytes: 8 * 1024 * 1024,
  totalBytes: 128 * 1024 * 1024,
  entries: 200_000,
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Reads a regular file (already resolved inside the repo) up to `maxBytes`. Anything else — a
 * device, a FIFO, a socket — is refused without reading: opening a FIFO would block forever and
 * /dev/zero never ends. O_NONBLOCK keeps even the open from waiting on a FIFO.
 */
export function readRegularFile(realPath: string, file: string, maxBytes: number): Buffer {
  const fd = openSync(realPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new RepoError(
        "CC_REPO_FILE_UNREADABLE",
        `${file} cannot be read: it is ${kindOf(stat)}, and only regular files are read`,
        {
          file,
          hint: `replace ${file} with a regular file, or move it out of the scanned folders`,
        },
      );
    }
    if (stat.size > maxBytes) throw tooLarge(file, stat.size, maxBytes);
    // The size can lie (files that grow, /proc): read in chunks and stop one byte past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    // Chunks sized from the stat (plus the byte that shows the end): a 64 KB buffer for each of a
    // large repo's small files was a tenth of `check`'s time there (bench/run-all.ts).
    const chunkBytes = Math.min(64 * 1024, Math.max(1024, stat.size + 1));
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw tooLarge(file, total, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, size: number, maxBytes: number): RepoError {
  return new RepoError(
    "CC_REPO_FILE_TOO_LARGE",
    `${file} is ${size > maxBytes ? `larger than ${formatBytes(maxBytes)}` : formatBytes(size)}, the most cilium-conformance reads from one file: it is not read`,
    {
      file,
      hint: `split ${file}, or move it out of the scanned folders (paths.scan in .cilium-conformance.yaml) if it is no manifest`,
    },
  );
}

function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}
