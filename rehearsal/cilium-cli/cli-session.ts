// What every cluster command of the fake cilium CLI shares: the root flags (--context,
// --namespace/-n or CILIUM_NAMESPACE, --helm-release-name, --kubeconfig), the Kubernetes client
// built from them (cli/cmd.go PersistentPreRunE: "unable to create Kubernetes client: …"),
// the output streams, the clock and the fault switches.

import {
  type ClientConfig,
  defaultKubeconfigPath,
  KubeConfigError,
  kubeconfigClientConfig,
} from "../k8s/kube-config.ts";
import { RestKubeObjects } from "../k8s/kube-objects.ts";
import { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { type FlagSpec, flagOf, type ParsedCommandLine } from "./command-line.ts";

export const ROOT_FLAGS: FlagSpec[] = [
  { name: "context", kind: "string" },
  { name: "namespace", short: "n", kind: "string" },
  { name: "as", kind: "string" },
  { name: "as-group", kind: "stringArray" },
  { name: "helm-release-name", kind: "string" },
  { name: "kubeconfig", kind: "string" },
  { name: "help", short: "h", kind: "bool" },
];

/** An error a command returns (main prints it alone on stderr, exit 1: SilenceErrors). */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** cli/utils.go fatalf: "\nError: <msg>\n" on stderr, exit 1. */
export class FatalError extends Error {
  override readonly name = "FatalError";
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  hasFault(name: string): boolean;
}

export interface CliSession {
  io: CliIo;
  parsed: ParsedCommandLine;
  namespace: string;
  releaseName: string;
  connection: ClientConfig;
  client: KubeRestClient;
  objects: RestKubeObjects;
}

export function namespaceOf(parsed: ParsedCommandLine, env: NodeJS.ProcessEnv): string {
  return flagOf(parsed, "namespace", env.CILIUM_NAMESPACE || "kube-system");
}

export function openSession(parsed: ParsedCommandLine, io: CliIo): CliSession {
  const path = flagOf(parsed, "kubeconfig", "") || defaultKubeconfigPath(io.env);
  const context = flagOf(parsed, "context", "") || undefined;
  let connection: ClientConfig;
  try {
    connection = kubeconfigClientConfig(path, context);
  } catch (error) {
    const reason = error instanceof KubeConfigError ? error.message : String(error);
    throw new CliError(`unable to create Kubernetes client: ${reason}`);
  }
  const client = new KubeRestClient(connection);
  return {
    io,
    parsed,
    namespace: namespaceOf(parsed, io.env),
    releaseName: flagOf(parsed, "helm-release-name", "cilium"),
    connection,
    client,
    objects: new RestKubeObjects(client),
  };
}
