// Contract 1 of rehearsal/README.md: which program plays an image. The container runtime looks an
// image's repository up here (any tag or digest); an image without an entry fails as an
// unpullable image would (ErrImagePull, then ImagePullBackOff). A behaviour runs the container's
// process line — command + args, or the image's entrypoint/cmd where the pod leaves them out, as
// the runtime combines them (kubernetes docs "Define a Command and Arguments") — either as
// `node /opt/cc/<program> <process line…>` or natively with the node's own files (BusyBox applets,
// iproute2, nft), for images that are BusyBox. `commands` are shims for exec'd commands (PATH first).

import { parseImageReference } from "./runtime/image-reference.ts";

export type ImageRun =
  /** `node /opt/cc/<program> …processLine` */
  | { program: string }
  /** The process line runs as is, found on the node image's PATH (BusyBox applets and tools). */
  | { native: true };

export interface ImageBehaviour {
  /** Repository without tag/digest, normalised (docker.io/library/busybox). */
  repository: string | RegExp;
  /** The image's ENTRYPOINT and CMD. */
  entrypoint?: readonly string[];
  cmd?: readonly string[];
  run: ImageRun;
  /** Exec'd commands of this image: name → program under /opt/cc (put first on PATH). */
  commands?: Readonly<Record<string, string>>;
  /** Where the image's behaviour is documented upstream. */
  source: string;
}

export const IMAGE_BEHAVIOURS: readonly ImageBehaviour[] = [
  {
    repository: "registry.k8s.io/kube-apiserver",
    entrypoint: ["kube-apiserver"],
    run: { program: "rehearsal/node/control-plane/kube-apiserver.ts" },
    source: "kubernetes/kubernetes cmd/kube-apiserver",
  },
  {
    repository: "registry.k8s.io/kube-controller-manager",
    entrypoint: ["kube-controller-manager"],
    run: { program: "rehearsal/controllers/controller-manager.ts" },
    source: "kubernetes/kubernetes cmd/kube-controller-manager",
  },
  {
    repository: "registry.k8s.io/kube-scheduler",
    entrypoint: ["kube-scheduler"],
    run: { program: "rehearsal/controllers/scheduler.ts" },
    source: "kubernetes/kubernetes cmd/kube-scheduler",
  },
  {
    repository: "registry.k8s.io/coredns/coredns",
    entrypoint: ["/coredns"],
    run: { program: "rehearsal/workloads/coredns/main.ts" },
    source: "coredns/coredns plugin/kubernetes, plugin/health, plugin/ready",
  },
  {
    repository: "registry.k8s.io/gateway-api/echo-basic",
    entrypoint: ["./echo-basic"],
    run: { program: "rehearsal/workloads/echo-basic.ts" },
    source: "kubernetes-sigs/gateway-api conformance/echo-basic/echo-basic.go",
  },
  {
    repository: "docker.io/library/busybox",
    cmd: ["sh"],
    run: { native: true },
    source: "docker-library/busybox (BusyBox applets; the node image carries Debian's busybox-static)",
  },
];

export function behaviourFor(
  image: string,
  table: readonly ImageBehaviour[] = IMAGE_BEHAVIOURS,
): ImageBehaviour | undefined {
  const { repository } = parseImageReference(image);
  return table.find((entry) =>
    typeof entry.repository === "string"
      ? entry.repository === repository
      : entry.repository.test(repository),
  );
}

/** The process line a container runs (Kubernetes: command replaces ENTRYPOINT, args replace CMD). */
export function processLine(
  behaviour: Pick<ImageBehaviour, "entrypoint" | "cmd">,
  container: { command?: readonly string[]; args?: readonly string[] },
): string[] {
  if (container.command && container.command.length > 0)
    return [...container.command, ...(container.args ?? [])];
  return [...(behaviour.entrypoint ?? []), ...(container.args ?? behaviour.cmd ?? [])];
}
