// kind node images by kind release, pinned by digest (kind's release notes say the digest is
// required: an image built for another kind release may not boot). Source: the kind release notes
// (github.com/kubernetes-sigs/kind/releases), see ../shared/TOOLING-FACTS.md.

export interface KindNodeImage {
  kindVersion: string;
  kubernetesVersion: string;
  image: string;
}

export const kindNodeImages: readonly KindNodeImage[] = [
  {
    kindVersion: "v0.31.0",
    kubernetesVersion: "v1.35.0",
    image: "kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f",
  },
  {
    kindVersion: "v0.32.0",
    kubernetesVersion: "v1.36.1",
    image: "kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5",
  },
  {
    kindVersion: "v0.33.0",
    kubernetesVersion: "v1.37.0",
    image: "kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5",
  },
];

const DIGEST_PINNED = /^[^\s@]+:[^\s@]+@sha256:[0-9a-f]{64}$/;

export function isDigestPinned(image: string): boolean {
  return DIGEST_PINNED.test(image);
}

export function defaultNodeImageFor(kindVersion: string): KindNodeImage | undefined {
  return kindNodeImages.find((entry) => entry.kindVersion === kindVersion);
}
