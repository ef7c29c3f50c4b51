// `kind create cluster`: the steps and messages of kind v0.31.0 (pkg/cluster/internal/create/
// create.go and its actions) on the double: node containers on the network
// KIND_EXPERIMENTAL_DOCKER_NETWORK names (created if missing, as kind's ensureNetwork does), the
// control plane's 6443 published on 127.0.0.1:<free port>, kubeadm init on the control plane,
// kubeadm join on the workers (concurrently), then the kubeconfig merged into --kubeconfig.
// On failure the nodes are deleted unless --retain.

import { createServer } from "node:net";
import { hasFault } from "../../faults/faults.ts";
import type { NodeBootstrap } from "../../node/kubeadm/node-bootstrap.ts";
import { NODE_PATHS } from "../../node/node-paths.ts";
import { type ClusterSpec, kubernetesVersionOf, nodeNames } from "../cluster-config.ts";
import {
  apiServerCertificate,
  type ClusterAuthority,
  kubeadmKubeconfig,
  newClusterAuthority,
} from "../cluster-pki.ts";
import { docker } from "../docker-commands.ts";
import type { KindOutput } from "../kind-output.ts";
import { kindKubeconfig, writeMergedKubeconfig } from "../kubeconfig-export.ts";
import { API_SERVER_INTERNAL_PORT, PROJECT_MOUNT } from "../labels.ts";
import { nodeRunArgs } from "../node-container.ts";
import { nodeAddress } from "../node-lookup.ts";
import { deleteClusterNodes } from "./delete-cluster.ts";

export interface CreateInput {
  spec: ClusterSpec;
  /** --image (overrides every node's image; only its version matters to the double). */
  image: string | undefined;
  kubeconfigPath: string;
  retain: boolean;
  waitMs: number;
  network: string;
  /** The double's node image (built by rehearsal/images). */
  nodeImage: string;
  projectRoot: string;
  env: Record<string, string>;
  output: KindOutput;
}

async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, address, () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

async function ensureNetwork(network: string): Promise<void> {
  try {
    await docker(["network", "inspect", network]);
  } catch {
    await docker([
      "network",
      "create",
      "-d=bridge",
      "-o",
      "com.docker.network.bridge.enable_ip_masquerade=true",
      network,
    ]);
  }
}

function pem(content: string, mode = 0o644) {
  return { content, mode };
}

function file(content: string, mode = 0o600) {
  return { content, mode };
}

export async function createCluster(input: CreateInput): Promise<void> {
  const { spec, output } = input;
  const nodeImage = input.image ?? spec.nodes[0]?.image;
  const version = kubernetesVersionOf(nodeImage);
  const names = nodeNames(spec.name, spec.nodes);
  output.info(`Creating cluster "${spec.name}" ...`);
  await output.step(
    `Ensuring node image (${(nodeImage ?? `kindest/node:${version}`).split("@")[0]}) 🖼`,
    async () => {
      await docker(["image", "inspect", input.nodeImage]);
    },
  );
  if (input.network !== "kind") {
    output.info("WARNING: Overriding docker network due to KIND_EXPERIMENTAL_DOCKER_NETWORK");
    output.info("WARNING: Here be dragons! This is not supported currently.");
  }
  await ensureNetwork(input.network);
  const controlPlane = names[spec.nodes.findIndex((node) => node.role === "control-plane")] ?? "";
  const workers = names.filter((name) => name !== controlPlane);
  try {
    const apiPort = spec.apiServerPort || (await freePort(spec.apiServerAddress));
    await output.step(`Preparing nodes ${"📦 ".repeat(names.length).trim()}`, async () => {
      await Promise.all(
        names.map((name, index) =>
          docker(
            nodeRunArgs({
              cluster: spec.name,
              name,
              role: spec.nodes[index]?.role ?? "worker",
              network: input.network,
              image: input.nodeImage,
              projectRoot: input.projectRoot,
              env: input.env,
              ...(name === controlPlane
                ? { apiServer: { address: spec.apiServerAddress, port: apiPort } }
                : {}),
            }),
          ),
        ),
      );
    });
    const authority = await output.step("Writing configuration 📜", async () =>
      newClusterAuthority(new Date()),
    );
    const cpIp = await nodeAddress(controlPlane);
    const endpoint = `${controlPlane}:${API_SERVER_INTERNAL_PORT}`;
    const base = (name: string, index: number): NodeBootstrap => ({
      cluster: spec.name,
      nodeName: name,
      role: spec.nodes[index]?.role ?? "worker",
      kubernetesVersion: version,
      nodeIP: "",
      controlPlaneEndpoint: endpoint,
      advertiseAddress: cpIp,
      podSubnet: spec.podSubnet,
      serviceSubnet: spec.serviceSubnet,
      labels: spec.nodes[index]?.labels ?? {},
      providerID: `kind://docker/${spec.name}/${name}`,
      workers: workers.length,
      files: {},
    });
    await output.step("Starting control-plane 🕹️", async () => {
      const bootstrap = { ...base(controlPlane, names.indexOf(controlPlane)), nodeIP: cpIp };
      bootstrap.files = controlPlaneFiles(authority, spec, controlPlane, cpIp, endpoint);
      await kubeadm(controlPlane, "init", bootstrap);
    });
    if (hasFault("kind-create-fails")) {
      throw new Error(`failed to init node with kubeadm: the rehearsal's fault kind-create-fails is active`);
    }
    if (workers.length > 0) {
      await output.step("Joining worker nodes 🚜", async () => {
        await Promise.all(
          workers.map(async (name) => {
            const bootstrap = { ...base(name, names.indexOf(name)), nodeIP: await nodeAddress(name) };
            bootstrap.files = workerFiles(authority, spec, name, endpoint);
            await kubeadm(name, "join", bootstrap);
          }),
        );
      });
    }
    await writeMergedKubeconfig(await kindKubeconfig(spec.name, false), input.kubeconfigPath);
  } catch (error) {
    if (!input.retain) await deleteClusterNodes(spec.name).catch(() => undefined);
    throw new Error(`failed to create cluster: ${(error as Error).message}`);
  }
  output.info(`Set kubectl context to "kind-${spec.name}"`);
  output.info(
    `You can now use your cluster with:\n\nkubectl cluster-info --context kind-${spec.name} --kubeconfig ${input.kubeconfigPath}`,
  );
  output.info("");
  output.info("Thanks for using kind! 😊");
}

async function kubeadm(node: string, phase: "init" | "join", bootstrap: NodeBootstrap): Promise<void> {
  try {
    await docker(["exec", "-i", node, "node", `${PROJECT_MOUNT}/rehearsal/node/kubeadm.ts`, phase], {
      input: JSON.stringify(bootstrap),
      timeoutMs: 300_000,
    });
  } catch (error) {
    const what = phase === "init" ? "failed to init node with kubeadm" : "failed to join node with kubeadm";
    throw new Error(`${what}: ${(error as Error).message}`);
  }
}

function controlPlaneFiles(
  authority: ClusterAuthority,
  spec: ClusterSpec,
  node: string,
  cpIp: string,
  endpoint: string,
): NodeBootstrap["files"] {
  const pki = NODE_PATHS.pkiDir;
  const dir = NODE_PATHS.kubernetesDir;
  const serving = apiServerCertificate(authority, {
    nodeName: node,
    advertiseAddress: cpIp,
    serviceSubnet: spec.serviceSubnet,
    extraSans: ["localhost", spec.apiServerAddress],
  });
  const conf = (server: string, user: string, groups: string[] = []) =>
    file(kubeadmKubeconfig(authority, { cluster: spec.name, server: `https://${server}`, user, groups }));
  return {
    [`${pki}/ca.crt`]: pem(authority.ca.cert),
    [`${pki}/ca.key`]: file(authority.ca.key),
    [`${pki}/apiserver.crt`]: pem(serving.cert),
    [`${pki}/apiserver.key`]: file(serving.key),
    [`${pki}/sa.key`]: file(authority.serviceAccount.privateKey),
    [`${pki}/sa.pub`]: pem(authority.serviceAccount.publicKey),
    [NODE_PATHS.kubeletClientToken]: file(authority.kubeletClientToken),
    [`${dir}/admin.conf`]: conf(endpoint, "kubernetes-admin", ["kubeadm:cluster-admins"]),
    [`${dir}/controller-manager.conf`]: conf(`${cpIp}:6443`, "system:kube-controller-manager"),
    [`${dir}/scheduler.conf`]: conf(`${cpIp}:6443`, "system:kube-scheduler"),
    [NODE_PATHS.kubeletKubeconfig]: conf(endpoint, `system:node:${node}`, ["system:nodes"]),
  };
}

function workerFiles(
  authority: ClusterAuthority,
  spec: ClusterSpec,
  node: string,
  endpoint: string,
): NodeBootstrap["files"] {
  return {
    [NODE_PATHS.caCert]: pem(authority.ca.cert),
    [NODE_PATHS.kubeletClientToken]: file(authority.kubeletClientToken),
    [NODE_PATHS.kubeletKubeconfig]: file(
      kubeadmKubeconfig(authority, {
        cluster: spec.name,
        server: `https://${endpoint}`,
        user: `system:node:${node}`,
        groups: ["system:nodes"],
      }),
    ),
  };
}
