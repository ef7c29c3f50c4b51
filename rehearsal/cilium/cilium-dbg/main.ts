// `cilium-dbg` (and `cilium`) inside the agent's containers: `status` asks the agent's REST API
// on its unix socket (GET /v1/healthz) and prints cilium-dbg's text (or the JSON with -o json,
// the one-liner with --brief); `build-config` is the agent pod's `config` init container.
// Exit codes as cilium-dbg's: 1 when the agent is unreachable or unhealthy, or a command fails.

import { request } from "node:http";
import { inClusterConfig } from "../../k8s/kube-config.ts";
import { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { waitForApiServer } from "../agent/startup/wait-for-apiserver.ts";
import { AGENT_SOCKET_PATH, ENDPOINT_PATH, HEALTHZ_PATH } from "../agent/status/agent-api-path.ts";
import { type EndpointModel, endpointListText } from "../agent/status/endpoint-model.ts";
import type { StatusResponse } from "../agent/status/status-response.ts";
import { formatStatus, formatStatusBrief } from "../agent/status/status-text.ts";
import { mountTable, resolveContainerPath } from "../container-path.ts";
import { createLogger } from "../log-line.ts";
import { defaultSources, parseSources, resolveConfiguration, writeConfiguration } from "./build-config.ts";

function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    if (arg === name) return args[i + 1];
  }
  return undefined;
}

function agentGet<T>(socketPath: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: "GET", timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as T);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("Cilium API client timeout exceeded")));
    req.on("error", reject);
    req.end();
  });
}

async function status(args: readonly string[]): Promise<number> {
  const brief = args.includes("--brief");
  const output = flagValue(args, "-o") ?? flagValue(args, "--output");
  const socketPath = resolveContainerPath(mountTable(process.env), AGENT_SOCKET_PATH);
  let sr: StatusResponse;
  try {
    sr = await agentGet<StatusResponse>(socketPath, HEALTHZ_PATH);
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(
      brief
        ? "cilium: daemon unreachable\n"
        : `Get "http://localhost/v1/healthz": dial unix ${AGENT_SOCKET_PATH}: ${message}\nIs the agent running?\n`,
    );
    return 1;
  }
  const unhealthy = sr.cilium !== undefined && sr.cilium.state !== "Ok" && sr.cilium.state !== "Disabled";
  if (output === "json") process.stdout.write(`${JSON.stringify(sr, null, 2)}\n`);
  else if (brief) process.stdout.write(formatStatusBrief(sr));
  else process.stdout.write(formatStatus(sr));
  return unhealthy && output !== "json" ? 1 : 0;
}

async function endpointList(args: readonly string[]): Promise<number> {
  const output = flagValue(args, "-o") ?? flagValue(args, "--output");
  const socketPath = resolveContainerPath(mountTable(process.env), AGENT_SOCKET_PATH);
  let endpoints: EndpointModel[];
  try {
    endpoints = await agentGet<EndpointModel[]>(socketPath, ENDPOINT_PATH);
  } catch (error) {
    process.stderr.write(
      `Error: cannot get endpoint list: ${(error as Error).message}\nIs the agent running?\n`,
    );
    return 1;
  }
  if (output === "json") process.stdout.write(`${JSON.stringify(endpoints, null, 2)}\n`);
  else process.stdout.write(endpointListText(endpoints, !args.includes("--no-headers")));
  return 0;
}

async function buildConfig(args: readonly string[]): Promise<number> {
  const log = createLogger((line) => process.stderr.write(`${line}\n`), { subsys: "build-config" });
  log.info("Running");
  try {
    const env = process.env;
    const sourceFlag = flagValue(args, "--source");
    const sources = parseSources(sourceFlag ? sourceFlag.split(",") : defaultSources(env), env);
    const list = (name: string) => (flagValue(args, name) ?? "").split(",").filter((k) => k !== "");
    const nodeName = flagValue(args, "--node-name") ?? env.K8S_NODE_NAME ?? "";
    const dest = resolveContainerPath(mountTable(env), flagValue(args, "--dest") ?? "/tmp/cilium/config-map");
    const config = inClusterConfig(env);
    const client = new KubeRestClient({ server: config.server, token: config.token, ca: config.ca });
    try {
      await waitForApiServer(client, log);
      const data = await resolveConfiguration({
        client,
        sources,
        nodeLabels: async () =>
          ((await client.get<{ metadata: { labels?: Record<string, string> } }>(`/api/v1/nodes/${nodeName}`))
            ?.metadata.labels ?? {}) as Record<string, string>,
        allowKeys: list("--allow-config-keys"),
        denyKeys: list("--deny-config-keys"),
        log,
      });
      writeConfiguration(dest, data);
    } finally {
      await client.close();
    }
    return 0;
  } catch (error) {
    log.error(`Build config failed: ${(error as Error).message}`);
    process.stderr.write(`Error: Build config failed: ${(error as Error).message}\n`);
    return 1;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "status":
      return status(rest);
    case "build-config":
      return buildConfig(rest);
    case "endpoint":
      if (rest[0] === "list" || rest[0] === "ls") return endpointList(rest.slice(1));
      process.stderr.write(`Error: unknown command "${rest[0] ?? ""}" for "cilium-dbg endpoint"\n`);
      return 1;
    default:
      process.stderr.write(
        `Error: unknown command "${command ?? ""}" for "cilium-dbg" (the rehearsal serves status, endpoint list and build-config)\n`,
      );
      return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
