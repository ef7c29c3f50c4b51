// Contract 1 of rehearsal/README.md: what plays an image. The container runtime looks an image's
// repository up here (any tag or digest); an image without an entry fails as an unpullable image
// would (ErrImagePull, then ImagePullBackOff). A container runs its process line — command + args,
// or the image's entrypoint/cmd in their place, as the runtime combines them (kubernetes docs
// "Define a Command and Arguments") — chosen by the line's first word (its basename):
// - `start[word]` (or `start["*"]`) a program: `node /opt/cc/<program> <the rest of the line>`,
//   as the real binary gets its arguments; or `{ exit, why }`: a step the double has no use for
//   (the agent's BPF and cgroup init containers) that ends at once with that code;
// - else, for images that are BusyBox (`native`), the line as is on the node's PATH;
// - else the runtime's StartError: the executable is not in the image.
// `exec` are the image's commands for `kubectl exec` (shims first on the container's PATH; the
// program gets the arguments after the command, as at start).

import { posix } from "node:path";
import { parseImageReference } from "./runtime/image-reference.ts";

export type StartProgram = string | { exit: number; why: string };

export interface ImageBehaviour {
  /** Repository without tag/digest, normalised (docker.io/library/busybox). */
  repository: string | RegExp;
  /** The image's ENTRYPOINT and CMD. */
  entrypoint?: readonly string[];
  cmd?: readonly string[];
  /** What the container's process line starts, by its first word's basename ("*": any). */
  start?: Readonly<Record<string, StartProgram>>;
  /** Lines no `start` entry claims run as they are on the node image's PATH (BusyBox images). */
  native?: boolean;
  /** Commands for exec into the container: name → program under /opt/cc. */
  exec?: Readonly<Record<string, string>>;
  /** Where the image's behaviour is documented upstream. */
  source: string;
}

/** The agent image's init containers that prepare what BPF needs; nothing here needs them. */
const NO_BPF = {
  exit: 0,
  why: "prepares BPF, cgroup or CNI binaries on the host; the double has no BPF datapath",
};
const CILIUM_DBG = "rehearsal/cilium/cilium-dbg/main.ts";

export const IMAGE_BEHAVIOURS: readonly ImageBehaviour[] = [
  {
    repository: "registry.k8s.io/kube-apiserver",
    entrypoint: ["kube-apiserver"],
    start: { "kube-apiserver": "rehearsal/node/control-plane/kube-apiserver.ts" },
    source: "kubernetes/kubernetes cmd/kube-apiserver",
  },
  {
    repository: "registry.k8s.io/kube-controller-manager",
    entrypoint: ["kube-controller-manager"],
    start: { "kube-controller-manager": "rehearsal/controllers/controller-manager.ts" },
    source: "kubernetes/kubernetes cmd/kube-controller-manager",
  },
  {
    repository: "registry.k8s.io/kube-scheduler",
    entrypoint: ["kube-scheduler"],
    start: { "kube-scheduler": "rehearsal/controllers/scheduler.ts" },
    source: "kubernetes/kubernetes cmd/kube-scheduler",
  },
  {
    repository: "registry.k8s.io/coredns/coredns",
    entrypoint: ["/coredns"],
    start: { coredns: "rehearsal/workloads/coredns/main.ts" },
    source: "coredns/coredns plugin/kubernetes, plugin/health, plugin/ready",
  },
  {
    repository: "registry.k8s.io/gateway-api/echo-basic",
    entrypoint: ["./echo-basic"],
    start: { "echo-basic": "rehearsal/workloads/echo-basic.ts" },
    source: "kubernetes-sigs/gateway-api conformance/echo-basic/echo-basic.go",
  },
  {
    repository: "docker.io/library/busybox",
    cmd: ["sh"],
    native: true,
    source: "docker-library/busybox (BusyBox applets; the node image carries Debian's busybox-static)",
  },
  {
    repository: "quay.io/cilium/cilium",
    start: {
      "cilium-agent": "rehearsal/cilium/agent/main.ts",
      "cilium-dbg": CILIUM_DBG,
      sh: NO_BPF,
      bash: NO_BPF,
      "init-container.sh": NO_BPF,
      "install-plugin.sh": NO_BPF,
    },
    exec: { "cilium-dbg": CILIUM_DBG, cilium: CILIUM_DBG },
    source:
      "cilium/cilium install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml; rehearsal/cilium/README.md",
  },
  {
    repository: "quay.io/cilium/operator-generic",
    entrypoint: ["cilium-operator-generic"],
    start: { "cilium-operator-generic": "rehearsal/cilium/operator/main.ts" },
    source: "cilium/cilium operator/ (LB-IPAM, Gateway API, CRD registration, cluster-pool IPAM)",
  },
  {
    repository: "quay.io/cilium/cilium-envoy",
    entrypoint: ["/usr/bin/cilium-envoy-starter"],
    start: { "cilium-envoy-starter": "rehearsal/cilium/envoy/main.ts" },
    source: "cilium/proxy (Envoy with Cilium's filters) fed by the agent's xDS from CiliumEnvoyConfigs",
  },
  {
    repository: "quay.io/cilium/hubble-relay",
    entrypoint: ["hubble-relay"],
    cmd: ["serve"],
    start: { "hubble-relay": "rehearsal/cilium/hubble-relay/main.ts" },
    source: "cilium/cilium images/hubble-relay, hubble-relay/cmd/serve",
  },
  {
    repository: "quay.io/cilium/hubble-ui",
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    start: { "*": "rehearsal/cilium/hubble-ui/frontend-main.ts" },
    source: "cilium/hubble-ui (nginx serving the app; the chart's hubble-ui-nginx server block)",
  },
  {
    repository: "quay.io/cilium/hubble-ui-backend",
    entrypoint: ["/usr/bin/backend"],
    start: { backend: "rehearsal/cilium/hubble-ui/backend.ts" },
    source: "cilium/hubble-ui backend",
  },
  {
    repository: "quay.io/cilium/alpine-curl",
    entrypoint: ["/usr/bin/pause"],
    start: { pause: "rehearsal/cilium-cli/connectivity/images/alpine-curl.ts" },
    native: true,
    exec: { curl: "rehearsal/cilium-cli/connectivity/images/curl.ts" },
    source: "cilium/image-tools images/alpine-curl (curl; ping is BusyBox's)",
  },
  {
    repository: "quay.io/cilium/json-mock",
    entrypoint: ["json-mock"],
    start: { "json-mock": "rehearsal/cilium-cli/connectivity/images/json-mock.ts" },
    source: "cilium/json-mock (json-server on $PORT)",
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

export type StartPlan =
  | { kind: "program"; program: string; args: string[] }
  | { kind: "exit"; code: number; why: string }
  | { kind: "native"; argv: string[] }
  | { kind: "missing"; command: string };

/** How the runtime starts a process line of this image. */
export function startPlan(behaviour: ImageBehaviour, line: readonly string[]): StartPlan {
  const [first = "", ...rest] = line;
  const word = posix.basename(first);
  const chosen = behaviour.start?.[word] ?? behaviour.start?.["*"];
  if (typeof chosen === "string")
    return { kind: "program", program: chosen, args: behaviour.start?.[word] ? rest : [...line] };
  if (chosen) return { kind: "exit", code: chosen.exit, why: chosen.why };
  if (behaviour.native && first !== "") return { kind: "native", argv: [...line] };
  return { kind: "missing", command: first };
}
