// Cilium chart versions: "1.18.11", "v1.17.5", "1.20.0-pre.3".

export interface CiliumVersion {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | undefined;
  /** Normalised text without a leading "v". */
  text: string;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

export function parseCiliumVersion(text: string): CiliumVersion | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const [, major, minor, patch, prerelease] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    patch: Number(patch),
    prerelease,
    text: text.trim().replace(/^v/, ""),
  };
}

/** "1.18" for 1.18.11. */
export function minorOf(version: CiliumVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Orders versions; a prerelease sorts before its release. */
export function compareVersions(a: CiliumVersion, b: CiliumVersion): number {
  const byNumbers = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (byNumbers !== 0) return byNumbers;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === undefined) return 1;
  if (b.prerelease === undefined) return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

export function isAtLeast(version: CiliumVersion, text: string): boolean {
  const other = parseCiliumVersion(text);
  if (!other) throw new Error(`bad version literal ${text}`);
  return compareVersions(version, other) >= 0;
}
