// The Cilium charts cilium-cli v0.19.7 embeds (vendor/github.com/cilium/charts/cilium-<v>.tgz) and
// the facts of each the double renders from: image references per chart version, read from each
// chart's values.yaml (image.tag/digest, operator.image.tag/genericDigest, envoy.image,
// hubble.relay.image, hubble.ui.{frontend,backend}.image). Versions the double has no image facts
// for reuse their minor's newest known patch (the names, labels and ports are the minor's).

export const CLI_VERSION = "v0.19.7";
/** Makefile GO_IMAGE_VERSION of v0.19.7's `make release`. */
export const CLI_GO_VERSION = "go1.26.5";
/** helm.GetDefaultVersionString(): the newest embedded non-prerelease chart. */
export const DEFAULT_CILIUM_VERSION = "1.19.5";

/** Every cilium-<v>.tgz in the v0.19.7 vendor tree from 1.15 on (1.16.14 was never published). */
const EMBEDDED = {
  "1.15": range(0, 19),
  "1.16": range(0, 19).filter((patch) => patch !== 14),
  "1.17": range(0, 17),
  "1.18": range(0, 11),
  "1.19": range(0, 5),
} as const;
const EMBEDDED_PRERELEASES = ["1.20.0-pre.0", "1.20.0-pre.1", "1.20.0-pre.2", "1.20.0-pre.3"];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export function isEmbedded(version: string): boolean {
  if (EMBEDDED_PRERELEASES.includes(version)) return true;
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) return false;
  const patches = (EMBEDDED as Record<string, readonly number[]>)[`${match[1]}.${match[2]}`];
  return patches?.includes(Number(match[3])) ?? false;
}

export interface ImageFacts {
  agent: { tag: string; digest: string };
  operator: { tag: string; genericDigest: string };
  envoy: { tag: string; digest: string };
  relay: { tag: string; digest: string };
  uiFrontend: { tag: string; digest: string };
  uiBackend: { tag: string; digest: string };
}

const ENVOY_136 = {
  tag: "v1.36.8-1781157951-a7f42a3390781539911b5b9107881b35ecc4e752",
  digest: "sha256:326f872e19ce8aa45170efbf583b3f301586ba3feead14b864676d4baf3b45ed",
};
const UI_0135 = {
  uiFrontend: {
    tag: "v0.13.5",
    digest: "sha256:f7d514fc54d784ed6df9d58cf0e97648b143f92b766dd1780ed3fc845bd4c516",
  },
  uiBackend: {
    tag: "v0.13.5",
    digest: "sha256:fac0c300ae119274edca11fd89b1ad23c788792d8bc4ea2ba631c709e8d3c688",
  },
};

/** Read from charts/<v>/values.yaml of the versions in ../shared/cilium-samples. */
const KNOWN_IMAGES: Record<string, ImageFacts> = {
  "1.16.19": {
    agent: {
      tag: "v1.16.19",
      digest: "sha256:f0c260e30ef97ce3e45e833e702ab47efbbb1dadd0a394969c0a65553e98fefb",
    },
    operator: {
      tag: "v1.16.19",
      genericDigest: "sha256:8879e792c5566f6349b5f2865e07c0dd690eb32638afc4417b51b0ec574fa5f0",
    },
    envoy: {
      tag: "v1.34.12-1767177245-7935d4d711cb6f8020385a50c996b90896e16a71",
      digest: "sha256:377175048c79d12c129d29e7a56268e1edaad37c96e649e892465c01bf2b4f8f",
    },
    relay: {
      tag: "v1.16.19",
      digest: "sha256:b9f23a99df5ddb3837211b94270d8cf70a942f9555b4c9afc3b37920323551bb",
    },
    uiFrontend: {
      tag: "v0.13.3",
      digest: "sha256:661d5de7050182d495c6497ff0b007a7a1e379648e60830dd68c4d78ae21761d",
    },
    uiBackend: {
      tag: "v0.13.3",
      digest: "sha256:db1454e45dc39ca41fbf7cad31eec95d99e5b9949c39daaad0fa81ef29d56953",
    },
  },
  "1.17.5": {
    agent: {
      tag: "v1.17.5",
      digest: "sha256:baf8541723ee0b72d6c489c741c81a6fdc5228940d66cb76ef5ea2ce3c639ea6",
    },
    operator: {
      tag: "v1.17.5",
      genericDigest: "sha256:f954c97eeb1b47ed67d08cc8fb4108fb829f869373cbb3e698a7f8ef1085b09e",
    },
    envoy: {
      tag: "v1.32.6-1749271279-0864395884b263913eac200ee2048fd985f8e626",
      digest: "sha256:9f69e290a7ea3d4edf9192acd81694089af048ae0d8a67fb63bd62dc1d72203e",
    },
    relay: {
      tag: "v1.17.5",
      digest: "sha256:fbb8a6afa8718200fca9381ad274ed695792dbadd2417b0e99c36210ae4964ff",
    },
    uiFrontend: {
      tag: "v0.13.2",
      digest: "sha256:9e37c1296b802830834cc87342a9182ccbb71ffebb711971e849221bd9d59392",
    },
    uiBackend: {
      tag: "v0.13.2",
      digest: "sha256:a034b7e98e6ea796ed26df8f4e71f83fc16465a19d166eff67a03b822c0bfa15",
    },
  },
  "1.17.17": {
    agent: {
      tag: "v1.17.17",
      digest: "sha256:fcda42ceafa241f6745e3a619a6a923b449262fae33fdb76a4a797c9e9266116",
    },
    operator: {
      tag: "v1.17.17",
      genericDigest: "sha256:062146cfdedd27e09281741bc8b79bf3c269851382e7dc2bbd937639843fd53c",
    },
    envoy: ENVOY_136,
    relay: {
      tag: "v1.17.17",
      digest: "sha256:65e69affbbdcba5a372fa6dd078d79e83c9c94b2e5d060bbb142b7163c7c5004",
    },
    ...UI_0135,
  },
  "1.18.11": {
    agent: {
      tag: "v1.18.11",
      digest: "sha256:e6945db60ad6d3b384e06ed678dbcee65f57f2f9fdcc64e976e7319f3db2b485",
    },
    operator: {
      tag: "v1.18.11",
      genericDigest: "sha256:00d6032de7b3e6ff8a1a990d29beaef5f9d01e40e87dc49b6c9b6c1fe080a327",
    },
    envoy: ENVOY_136,
    relay: {
      tag: "v1.18.11",
      digest: "sha256:6ec25d68c8cc0bf9c5d2f321149016eaa7d4a371475805b0b7fb61bcebad972c",
    },
    ...UI_0135,
  },
  "1.19.5": {
    agent: {
      tag: "v1.19.5",
      digest: "sha256:20fbbc14ac20b55a292c0dcda5571bf31cde30a7dbc68c29db3e709390ab0732",
    },
    operator: {
      tag: "v1.19.5",
      genericDigest: "sha256:be848a365776e07d0c5a895eda7aec928ddc52a5a1fa2f432fd7a286609e1db4",
    },
    envoy: ENVOY_136,
    relay: {
      tag: "v1.19.5",
      digest: "sha256:24409bfa1bca075c92acb26ba4b49cd573d99d68d5370f7cc825078185222a0c",
    },
    ...UI_0135,
  },
};

/** The image facts of the chart version (tags of Cilium's own images follow the version exactly). */
export function imageFactsFor(version: string): ImageFacts {
  const known = KNOWN_IMAGES[version];
  if (known) return known;
  const minor = /^(\d+\.\d+)\./.exec(version)?.[1] ?? "";
  const newestOfMinor = Object.keys(KNOWN_IMAGES)
    .filter((key) => key.startsWith(`${minor}.`))
    .sort((a, b) => Number(b.split(".")[2]) - Number(a.split(".")[2]))[0];
  const base = KNOWN_IMAGES[newestOfMinor ?? "1.19.5"] as ImageFacts;
  const tag = `v${version}`;
  // Unknown patch: the tag is right, the digest is not known to the double, so none is rendered.
  return {
    ...base,
    agent: { tag, digest: "" },
    operator: { tag, genericDigest: "" },
    relay: { tag, digest: "" },
  };
}
