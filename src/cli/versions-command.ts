// `cilium-conformance versions`: the Cilium versions worth trying with the repo tonight — the
// pinned one, the newest patch of its minor, the newest release of each later minor the
// compatibility table knows — read from the chart repository's index (cached; a file offline), as
// a table, JSON, or a GitHub Actions matrix for parallel jobs (examples/infra-repo-nightly-matrix.yml).

import { helmIndexCacheDir } from "../charts/cache-location.ts";
import { chartRepoFor } from "../charts/chart-repo.ts";
import { type IndexLocation, indexLocation, loadHelmIndex } from "../charts/helm-index-source.ts";
import { chartVersionsInIndex } from "../charts/helm-index-versions.ts";
import { supportedMinors } from "../compat/compat-for.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import { type Candidate, candidateVersions, versionMatrix } from "../versions/candidate-versions.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { stringOption } from "./options.ts";
import { REPO_OPTION, repoRootFromOptions } from "./repo-option.ts";

export const command: Command = {
  name: "versions",
  summary: "the Cilium versions to try with the repo: pinned, newest patch, newest of each later minor",
  details: `Reads the chart version the HelmRelease pins, then the chart repository's index (the
HelmRelease's HelmRepository, else https://helm.cilium.io/; --index overrides it with a URL or a local
file), and lists:
  - the pinned version,
  - the newest release of its minor (a patch upgrade),
  - the newest release of every later minor the compatibility table knows (${supportedMinors.join(", ")}).
Pre-releases and deprecated entries are left out. A downloaded index is cached and revalidated
(ETag / Last-Modified), so an unchanged index costs no download; when the repository cannot be
reached the cached copy is used with a warning.

--format matrix prints one line, {"include":[{"cilium-version":…,"roles":…}]}, for a GitHub
Actions matrix: echo "matrix=$(cilium-conformance versions --format matrix)" >> "$GITHUB_OUTPUT".

Exit codes: 0 listed, 2 bad input (no exact pinned version, an unreadable --index file),
3 the index cannot be downloaded and none is cached.

Examples:
  cilium-conformance versions --repo ~/src/homelab
  cilium-conformance versions --index ./index.yaml --format json
  cilium-conformance versions --format matrix`,
  options: [
    REPO_OPTION,
    {
      name: "index",
      type: "string",
      valueName: "file|url",
      description:
        "the chart repository's index: a local index.yaml (offline) or a URL (default: the HelmRelease's repository)",
    },
    {
      name: "format",
      type: "string",
      valueName: "format",
      choices: ["human", "json", "matrix"],
      default: "human",
      description: "output format",
    },
  ],
  run: (input, io) => runVersions(input, io),
};

async function runVersions(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const model = loadInfraRepo(repoRootFromOptions(input, io));
  const release = model.helmRelease;
  const indexOption = stringOption(input, "index");
  const repoUrl = chartRepoFor(release, undefined);
  if (indexOption === undefined && /^oci:\/\//i.test(repoUrl)) {
    throw new UsageError(
      `the HelmRelease's chart comes from an OCI registry (${repoUrl}), which has no index`,
      {
        hint: "pass --index https://helm.cilium.io/ (the same releases), or a local copy of its index.yaml",
      },
    );
  }
  const location: IndexLocation = indexLocation(indexOption ?? repoUrl, io.cwd);
  const index = await loadHelmIndex(location, { cacheDir: helmIndexCacheDir(io.env) });
  if (index.warning) io.stderr(`warning: ${index.warning}\n`);
  const { versions, readAs } = chartVersionsInIndex(index.text, release.chart, index.origin);
  const candidates = candidateVersions({
    pinned: release.version,
    released: versions,
    knownMinors: supportedMinors,
  });
  const format = stringOption(input, "format") ?? "human";
  if (format === "matrix") {
    io.stdout(`${JSON.stringify(versionMatrix(candidates))}\n`);
    return ExitCode.pass;
  }
  const pinnedAt = `${release.versionLocation.file}:${release.versionLocation.line}`;
  if (format === "json") {
    const json = {
      chart: release.chart,
      pinned: { version: release.version, at: pinnedAt },
      index: {
        origin: index.origin,
        via: index.via,
        ...(index.fetchedAt ? { fetchedAt: index.fetchedAt } : {}),
        readAs,
        versions: versions.length,
      },
      knownMinors: supportedMinors,
      candidates,
      matrix: versionMatrix(candidates),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return ExitCode.pass;
  }
  io.stdout(
    renderHuman(candidates, { chart: release.chart, pinnedAt, origin: index.origin, via: index.via }),
  );
  return ExitCode.pass;
}

function renderHuman(
  candidates: readonly Candidate[],
  facts: { chart: string; pinnedAt: string; origin: string; via: string },
): string {
  const what: Record<string, string> = {
    pinned: `pinned (${facts.pinnedAt})`,
    "newest-patch": "newest patch of its minor",
    "newer-minor": "newest release of a later minor",
  };
  const lines = [
    `${facts.chart} versions to try, from ${facts.origin} (${facts.via}):`,
    ...candidates.map(
      (candidate) =>
        `  ${candidate.version.padEnd(10)} ${candidate.roles.map((role) => what[role]).join("; ")}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
