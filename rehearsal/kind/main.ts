// The fake `kind` CLI of the rehearsal (kind v0.31.0's commands, flags, messages and exit codes;
// see rehearsal/README.md). Errors print `ERROR: <message>` on stderr and exit 1, as kind's
// cmd/kind/app/main.go does.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { faultsEnv } from "../faults/faults.ts";
import { parseClusterConfig } from "./cluster-config.ts";
import { createCluster } from "./commands/create-cluster.ts";
import { deleteCluster } from "./commands/delete-cluster.ts";
import { exportLogs } from "./commands/export-logs.ts";
import { loadDockerImages } from "./commands/load-docker-image.ts";
import { KIND_VERSION, KIND_VERSION_LINE } from "./commands/version.ts";
import { boolFlag, type FlagSpec, parseDurationFlag, parseFlags, sliceFlag, stringFlag } from "./flags.ts";
import { kindOutput } from "./kind-output.ts";
import { kindKubeconfig, writeMergedKubeconfig } from "./kubeconfig-export.ts";
import { kubeconfigPathFor, serializeKubeconfig } from "./kubeconfig-file.ts";
import { resolveNodeImage } from "./node-image.ts";
import { allClusters, clusterNodes } from "./node-lookup.ts";

const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GLOBAL: FlagSpec[] = [
  { name: "verbosity", short: "v", type: "string" },
  { name: "quiet", short: "q", type: "bool" },
  { name: "help", short: "h", type: "bool" },
];
const NAME: FlagSpec = {
  name: "name",
  short: "n",
  type: "string",
  default: process.env.KIND_CLUSTER_NAME || "kind",
};
const KUBECONFIG: FlagSpec = { name: "kubeconfig", type: "string" };

type Handler = (args: string[]) => Promise<void>;

const commands: Record<string, Handler> = {
  "create cluster": async (args) => {
    const flags = parseFlags(args, [
      ...GLOBAL,
      { name: "name", short: "n", type: "string" },
      KUBECONFIG,
      { name: "config", type: "string" },
      { name: "image", type: "string" },
      { name: "retain", type: "bool" },
      { name: "wait", type: "duration", default: "0s" },
    ]);
    const output = kindOutput(boolFlag(flags, "quiet"));
    const configPath = stringFlag(flags, "config");
    const text =
      configPath === undefined ? undefined : readFileSync(configPath === "-" ? 0 : configPath, "utf8");
    // --name wins over the config's name, which wins over KIND_CLUSTER_NAME and "kind".
    const spec = parseClusterConfig(text, process.env.KIND_CLUSTER_NAME || "kind", configPath);
    const override = stringFlag(flags, "name");
    if (override) spec.name = override;
    await createCluster({
      spec,
      image: stringFlag(flags, "image"),
      kubeconfigPath: kubeconfigPathFor(stringFlag(flags, "kubeconfig"), process.env),
      retain: boolFlag(flags, "retain"),
      waitMs: parseDurationFlag("wait", stringFlag(flags, "wait") ?? "0s"),
      network: process.env.KIND_EXPERIMENTAL_DOCKER_NETWORK || "kind",
      nodeImage: await resolveNodeImage(process.env),
      projectRoot: PROJECT_ROOT,
      env: faultsEnv(),
      output,
    });
  },
  "delete cluster": async (args) => {
    const flags = parseFlags(args, [...GLOBAL, NAME, KUBECONFIG]);
    await deleteCluster(
      stringFlag(flags, "name") ?? "kind",
      kubeconfigPathFor(stringFlag(flags, "kubeconfig"), process.env),
      kindOutput(boolFlag(flags, "quiet")),
    );
  },
  "get clusters": async (args) => {
    const flags = parseFlags(args, GLOBAL);
    const clusters = await allClusters();
    if (clusters.length === 0) kindOutput(boolFlag(flags, "quiet")).info("No kind clusters found.");
    for (const cluster of clusters) process.stdout.write(`${cluster}\n`);
  },
  "get nodes": async (args) => {
    const flags = parseFlags(args, [...GLOBAL, NAME, { name: "all-clusters", short: "A", type: "bool" }]);
    const name = stringFlag(flags, "name") ?? "kind";
    const nodes = boolFlag(flags, "all-clusters")
      ? (await Promise.all((await allClusters()).map(clusterNodes))).flat()
      : await clusterNodes(name);
    if (nodes.length === 0) {
      kindOutput(boolFlag(flags, "quiet")).info(
        boolFlag(flags, "all-clusters")
          ? "No kind nodes for any cluster."
          : `No kind nodes found for cluster "${name}".`,
      );
    }
    for (const node of nodes) process.stdout.write(`${node}\n`);
  },
  "get kubeconfig": async (args) => {
    const flags = parseFlags(args, [...GLOBAL, NAME, { name: "internal", type: "bool" }]);
    const doc = await kindKubeconfig(stringFlag(flags, "name") ?? "kind", boolFlag(flags, "internal"));
    process.stdout.write(serializeKubeconfig(doc));
  },
  "export kubeconfig": async (args) => {
    const flags = parseFlags(args, [...GLOBAL, NAME, KUBECONFIG, { name: "internal", type: "bool" }]);
    const name = stringFlag(flags, "name") ?? "kind";
    const path = kubeconfigPathFor(stringFlag(flags, "kubeconfig"), process.env);
    await writeMergedKubeconfig(await kindKubeconfig(name, boolFlag(flags, "internal")), path);
    kindOutput(boolFlag(flags, "quiet")).info(`Set kubectl context to "kind-${name}"`);
  },
  "export logs": async (args) => {
    const flags = parseFlags(args, [...GLOBAL, NAME]);
    const dir = await exportLogs(
      stringFlag(flags, "name") ?? "kind",
      flags.positionals[0],
      kindOutput(boolFlag(flags, "quiet")),
    );
    if (flags.positionals[0] === undefined) process.stdout.write(`${dir}\n`);
  },
  "load docker-image": async (args) => {
    const flags = parseFlags(args, [...GLOBAL, NAME, { name: "nodes", type: "stringSlice" }]);
    if (flags.positionals.length === 0) throw new Error("requires at least 1 arg(s), only received 0");
    await loadDockerImages(
      stringFlag(flags, "name") ?? "kind",
      flags.positionals,
      sliceFlag(flags, "nodes"),
      kindOutput(boolFlag(flags, "quiet")),
    );
  },
  version: async (args) => {
    const flags = parseFlags(args, GLOBAL);
    process.stdout.write(`${boolFlag(flags, "quiet") ? KIND_VERSION : KIND_VERSION_LINE}\n`);
  },
};

async function main(argv: string[]): Promise<number> {
  const words = argv.filter((arg) => !arg.startsWith("-"));
  const key = Object.keys(commands).find((name) => {
    const parts = name.split(" ");
    return parts.every((part, index) => words[index] === part);
  });
  try {
    if (!key) throw new Error(`unknown command "${words.join(" ")}" for "kind"`);
    const rest = [...argv];
    for (const part of key.split(" ")) rest.splice(rest.indexOf(part), 1);
    await (commands[key] as Handler)(rest);
    return 0;
  } catch (error) {
    process.stderr.write(`ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
