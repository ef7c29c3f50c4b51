// The `docker run` arguments of a node container, after kind's own
// (kubernetes-sigs/kind v0.31.0 pkg/cluster/internal/providers/docker/provision.go commonArgs and
// runArgsForNode) with the double's differences, each for a reason:
// - `--cap-add NET_ADMIN,SYS_ADMIN,NET_RAW` instead of `--privileged` (this VM cannot grant
//   CAP_SYS_MODULE; these suffice for netns, veth, nft, iptables and ARP);
// - `--init` instead of `--init=false`: the entrypoint is a Node process, not systemd, and pods
//   are its children, so docker-init reaps their orphans;
// - `--sysctl net.ipv4.ip_forward=1`: /proc/sys is read-only inside, and a node routes for its pods;
// - the project mounted read-only at /opt/cc (the double's programs), the role and cluster in env,
//   and Node's compile cache on the node's /var.

import type { NodeRole } from "./cluster-config.ts";

/** On the node's /var volume: it lives and dies with the node. */
export const NODE_COMPILE_CACHE_DIR = "/var/lib/rehearsal/node-compile-cache";

import {
  API_SERVER_INTERNAL_PORT,
  CLUSTER_LABEL,
  PROJECT_MOUNT,
  REHEARSAL_LABEL,
  ROLE_LABEL,
} from "./labels.ts";

export interface NodeContainerSpec {
  cluster: string;
  name: string;
  role: NodeRole;
  network: string;
  image: string;
  projectRoot: string;
  /** control plane only: where the API server is published on the host. */
  apiServer?: { address: string; port: number };
  /** Extra env for every process of the double (e.g. CC_REHEARSAL_FAULTS). */
  env: Record<string, string>;
}

export function nodeRunArgs(spec: NodeContainerSpec): string[] {
  const args = [
    "run",
    "--name",
    spec.name,
    "--hostname",
    spec.name,
    "--label",
    `${ROLE_LABEL}=${spec.role}`,
    "--detach",
    "--tty",
    "--label",
    `${CLUSTER_LABEL}=${spec.cluster}`,
    "--label",
    `${REHEARSAL_LABEL}=node`,
    "--net",
    spec.network,
    "--restart=on-failure:1",
    "--init",
    "--cgroupns=private",
    "--cap-add",
    "NET_ADMIN",
    "--cap-add",
    "SYS_ADMIN",
    "--cap-add",
    "NET_RAW",
    "--security-opt",
    "seccomp=unconfined",
    "--security-opt",
    "apparmor=unconfined",
    "--sysctl",
    "net.ipv4.ip_forward=1",
    "--tmpfs",
    "/tmp",
    "--tmpfs",
    "/run",
    "--volume",
    "/var",
    "--volume",
    `${spec.projectRoot}:${PROJECT_MOUNT}:ro`,
    "-e",
    `CC_NODE_NAME=${spec.name}`,
    "-e",
    `CC_NODE_ROLE=${spec.role}`,
    "-e",
    `CC_CLUSTER_NAME=${spec.cluster}`,
    // Node's compile cache (TypeScript stripped and compiled once per node, not per process):
    // every pod of the double is a Node process, and their start-up dominates a busy node.
    "-e",
    `NODE_COMPILE_CACHE=${NODE_COMPILE_CACHE_DIR}`,
  ];
  for (const [key, value] of Object.entries(spec.env).sort(([a], [b]) => a.localeCompare(b))) {
    args.push("-e", `${key}=${value}`);
  }
  if (spec.role === "control-plane") {
    args.push("-e", "KUBECONFIG=/etc/kubernetes/admin.conf");
    if (spec.apiServer) {
      args.push(`--publish=${spec.apiServer.address}:${spec.apiServer.port}:${API_SERVER_INTERNAL_PORT}/TCP`);
    }
  }
  args.push(spec.image);
  return args;
}
