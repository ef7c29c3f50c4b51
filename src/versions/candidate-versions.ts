// Which Cilium versions a nightly run should try with the repo: the pinned one, the newest patch of
// its minor, and the newest release of every later minor the compatibility table knows — what
// Renovate (or the owner) would bump to next. Releases come from the chart repository's index;
// pre-releases and deprecated entries are left out. Pure: versions in, candidates out.

import {
  type CiliumVersion,
  compareVersions,
  minorOf,
  parseCiliumVersion,
} from "../compat/cilium-version.ts";
import { UsageError } from "../errors.ts";

export type CandidateRole = "pinned" | "newest-patch" | "newer-minor";

export interface Candidate {
  version: string;
  minor: string;
  /** Several when they coincide (the pin is already the newest patch). */
  roles: CandidateRole[];
}

export interface CandidateInput {
  /** The HelmRelease's chart version. */
  pinned: string;
  /** Every version the index lists for the chart. */
  released: readonly { version: string; deprecated: boolean }[];
  /** Minors the compatibility table has facts for ("1.15" … "1.20"). */
  knownMinors: readonly string[];
}

export function candidateVersions(input: CandidateInput): Candidate[] {
  const pinned = parseCiliumVersion(input.pinned);
  if (!pinned) {
    throw new UsageError(`the HelmRelease pins "${input.pinned}", not a chart version`, {
      hint: "pin an exact released version, e.g. `version: 1.18.11` (a range cannot be compared with releases)",
    });
  }
  const releases = input.released
    .filter((entry) => !entry.deprecated)
    .map((entry) => parseCiliumVersion(entry.version))
    .filter((version): version is CiliumVersion => version !== undefined && version.prerelease === undefined);
  const candidates = new Map<string, Candidate>();
  const add = (version: CiliumVersion, role: CandidateRole) => {
    const known = candidates.get(version.text);
    if (known) known.roles.push(role);
    else candidates.set(version.text, { version: version.text, minor: minorOf(version), roles: [role] });
  };
  add(pinned, "pinned");
  const newestOf = (minor: string) =>
    releases
      .filter((version) => minorOf(version) === minor)
      .sort(compareVersions)
      .at(-1);
  const newestPatch = newestOf(minorOf(pinned));
  if (newestPatch && compareVersions(newestPatch, pinned) >= 0) add(newestPatch, "newest-patch");
  for (const minor of input.knownMinors) {
    if (compareMinors(minor, minorOf(pinned)) <= 0) continue;
    const newest = newestOf(minor);
    if (newest) add(newest, "newer-minor");
  }
  return [...candidates.values()].sort((a, b) =>
    compareVersions(parseCiliumVersion(a.version)!, parseCiliumVersion(b.version)!),
  );
}

function compareMinors(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** The GitHub Actions matrix: one job per candidate. */
export function versionMatrix(candidates: readonly Candidate[]): {
  include: { "cilium-version": string; roles: string }[];
} {
  return {
    include: candidates.map((candidate) => ({
      "cilium-version": candidate.version,
      roles: candidate.roles.join(", "),
    })),
  };
}
