// The shared libraries a dynamically linked program needs, read from `ldd` output. Lines look like
// `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)`, `/lib64/ld-linux-x86-64.so.2 (0x…)` (the
// loader) or `linux-vdso.so.1 (0x…)` (in the kernel, no file); `statically linked` / `not a dynamic
// executable` mean none. A `=> not found` is an error: the image would not run the program.

export interface LddResult {
  libraries: string[];
  missing: string[];
}

export function parseLddOutput(text: string): LddResult {
  const libraries: string[] = [];
  const missing: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const arrow = /^(\S+)\s+=>\s+(.*)$/.exec(line);
    if (arrow) {
      const target = arrow[2]?.trim() ?? "";
      if (target.startsWith("not found")) missing.push(arrow[1] ?? line);
      else {
        const path = /^(\/\S+)/.exec(target)?.[1];
        if (path) libraries.push(path);
      }
      continue;
    }
    const bare = /^(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line)?.[1];
    if (bare) libraries.push(bare);
  }
  return { libraries: [...new Set(libraries)], missing };
}
