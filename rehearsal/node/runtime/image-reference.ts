// Image references as a container runtime reads them (distribution/reference ParseNormalizedNamed):
// a name without a registry is on docker.io, a one-part docker.io name is under library/; the tag
// (default latest) and digest are split off. `busybox:1.37.0` → docker.io/library/busybox.

export interface ImageReference {
  /** `docker.io/library/busybox` */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split("/")[0] ?? "";
  const hasDomain =
    rest.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  let repository = hasDomain ? rest : `docker.io/${rest}`;
  if (repository.startsWith("docker.io/") && repository.split("/").length === 2) {
    repository = `docker.io/library/${repository.slice("docker.io/".length)}`;
  }
  return { repository: repository.toLowerCase(), tag: tag ?? (digest ? undefined : "latest"), digest };
}
