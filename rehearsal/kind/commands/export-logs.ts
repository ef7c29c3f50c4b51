// `kind export logs [DIR] --name N` (kubernetes-sigs/kind v0.31.0 pkg/cluster/internal/logs and
// providers/docker CollectLogs): per node its `docker inspect`, the container's own output
// (serial.log), the kubelet's log and the pod logs; kind-version.txt and docker-info.txt at the
// top. Prints the folder. Nodes that cannot be read are skipped with their error noted.

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_PATHS } from "../../node/node-paths.ts";
import { docker } from "../docker-commands.ts";
import type { KindOutput } from "../kind-output.ts";
import { clusterNodes } from "../node-lookup.ts";
import { KIND_VERSION_LINE } from "./version.ts";

export async function exportLogs(
  cluster: string,
  dir: string | undefined,
  output: KindOutput,
): Promise<string> {
  const target = dir ?? (await mkdtemp(join(tmpdir(), "kind-logs-")));
  await mkdir(target, { recursive: true });
  output.info(`Exporting logs for cluster "${cluster}" to:\n${target}`);
  await writeFile(join(target, "kind-version.txt"), `${KIND_VERSION_LINE}\n`);
  await writeFile(
    join(target, "docker-info.txt"),
    await docker(["info"]).catch((error: unknown) => String(error)),
  );
  const nodes = await clusterNodes(cluster);
  const problems: string[] = [];
  await Promise.all(
    nodes.map(async (node) => {
      const nodeDir = join(target, node);
      await mkdir(nodeDir, { recursive: true });
      const collect = async (name: string, read: () => Promise<string>) => {
        try {
          await writeFile(join(nodeDir, name), await read());
        } catch (error) {
          problems.push(`${node}/${name}: ${(error as Error).message.split("\n")[0]}`);
        }
      };
      await collect("inspect.json", () => docker(["inspect", node]));
      await collect("serial.log", () => docker(["logs", node]));
      await collect("kubelet.log", () => docker(["exec", node, "cat", NODE_PATHS.kubeletLog]));
      await collect("pods.txt", () => docker(["exec", node, "find", NODE_PATHS.podLogsDir, "-type", "f"]));
      try {
        await docker(["cp", `${node}:${NODE_PATHS.podLogsDir}`, join(nodeDir, "pods")]);
      } catch (error) {
        problems.push(`${node}/pods: ${(error as Error).message.split("\n")[0]}`);
      }
    }),
  );
  if (problems.length > 0) await writeFile(join(target, "export-errors.txt"), `${problems.join("\n")}\n`);
  return target;
}
