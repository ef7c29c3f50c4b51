// The Cilium agent double: `node /opt/cc/rehearsal/cilium/agent/main.ts --config-dir=…`, the
// cilium-agent container of the agent DaemonSet (hostNetwork). It starts as cilium-agent does —
// configuration from the config dir, the API server at KUBERNETES_SERVICE_HOST/PORT (which the
// chart sets from k8sServiceHost/k8sServicePort), the node's pod CIDR — then runs the datapath
// (cilium_host, routes, iptables chains, pod plumbing through the CNI socket, service
// load-balancing), the L2 announcer, Hubble, the REST API for cilium-dbg, and finally writes the
// CNI configuration that makes the node Ready. README.md here says what is modelled and how.

import { hostname } from "node:os";
import { inClusterConfig } from "../../k8s/kube-config.ts";
import { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { mountTable, resolveContainerPath } from "../container-path.ts";
import { createLogger } from "../log-line.ts";
import { startAgent } from "./agent-runtime.ts";
import { AgentConfigError, parseAgentConfig } from "./config/agent-config.ts";
import { configDirArgument, readConfigDir } from "./startup/config-dir.ts";

const log = createLogger((line) => process.stderr.write(`${line}\n`), { subsys: "daemon" });
const env = process.env;
const mounts = mountTable(env);
const configDir = configDirArgument(process.argv.slice(2)) ?? "/tmp/cilium/config-map";

let config: ReturnType<typeof parseAgentConfig>;
let values: Record<string, string>;
try {
  values = readConfigDir(resolveContainerPath(mounts, configDir));
  config = parseAgentConfig(values);
} catch (error) {
  const message =
    error instanceof AgentConfigError
      ? error.message
      : `unable to read --config-dir ${configDir}: ${(error as Error).message}`;
  log.error(message);
  process.stderr.write(`level=fatal msg=${JSON.stringify(message)}\n`);
  process.exit(1);
}

const nodeName = env.K8S_NODE_NAME || env.CC_NODE_NAME || hostname();
const apiConfig = inClusterConfig(env);
const client = new KubeRestClient({ server: apiConfig.server, token: apiConfig.token, ca: apiConfig.ca });

try {
  const agent = await startAgent({ config, values, env, mounts, nodeName, client, log });
  const stop = async (signal: string) => {
    log.info("Received signal, shutting down", { signal });
    await agent.stop();
    await client.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
} catch (error) {
  log.error("Start hook failed", { error: (error as Error).message });
  process.stderr.write(
    `level=fatal msg="failed to start: ${(error as Error).message.replaceAll('"', "'")}"\n`,
  );
  process.exit(1);
}
