// A PodStreams backend for tests, standing in for the kubelet: exec answers come from a handler
// the test sets, log lines from what the test stored, port-forwards go to a local server the test
// runs. The kubelet's own refusals are kept (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go
// validateContainerLogStatus): a container with no status, or still waiting, has no log.

import { connect } from "node:net";
import { Readable } from "node:stream";
import {
  type ExecExit,
  type ExecRequest,
  type ExecStreams,
  type LogRequest,
  PodStreamError,
  type PodStreams,
  type PodStreamTarget,
} from "../../../rehearsal/kube-api/pod-streams.ts";

export interface ExecCall {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
}

export type ExecResult =
  | { stdout?: string; stderr?: string; exitCode?: number }
  | { failure: { message: string; reason?: string } };

export interface LogLine {
  time: Date;
  text: string;
}

interface ContainerStatus {
  name?: string;
  state?: { waiting?: { reason?: string }; running?: unknown; terminated?: { containerID?: string } };
  lastState?: { terminated?: { containerID?: string } };
}

export class ScriptedPodStreams implements PodStreams {
  private handler: (call: ExecCall) => ExecResult | Promise<ExecResult> = () => ({
    failure: { message: "no exec handler configured in the test" },
  });
  private readonly logLines = new Map<string, LogLine[]>();
  private readonly ports = new Map<string, number>();

  onExec(handler: (call: ExecCall) => ExecResult | Promise<ExecResult>): void {
    this.handler = handler;
  }

  setLog(namespace: string, pod: string, container: string, lines: LogLine[]): void {
    this.logLines.set(`${namespace}/${pod}/${container}`, lines);
  }

  forward(namespace: string, pod: string, podPort: number, localPort: number): void {
    this.ports.set(`${namespace}/${pod}:${podPort}`, localPort);
  }

  async exec(request: ExecRequest, streams: ExecStreams): Promise<ExecExit> {
    const result = await this.handler({
      namespace: request.namespace,
      pod: request.pod,
      container: request.container,
      command: request.command,
    });
    if ("failure" in result) return { failure: result.failure };
    if (result.stdout) streams.stdout.write(result.stdout);
    if (result.stderr) streams.stderr.write(result.stderr);
    return { exitCode: result.exitCode ?? 0 };
  }

  async logs(request: LogRequest): Promise<Readable> {
    checkLogStatus(request);
    const all = this.logLines.get(`${request.namespace}/${request.pod}/${request.container}`) ?? [];
    const since =
      request.sinceTime !== undefined
        ? Date.parse(request.sinceTime)
        : request.sinceSeconds !== undefined
          ? Date.now() - request.sinceSeconds * 1000
          : undefined;
    let lines = since === undefined ? all : all.filter((line) => line.time.getTime() >= since);
    if (request.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - request.tailLines));
    // kubelet: timestamps are RFC3339Nano (nine fractional digits where the runtime has them).
    const text = lines
      .map((line) => `${request.timestamps ? `${rfc3339Nano(line.time)} ` : ""}${line.text}\n`)
      .join("");
    return Readable.from([Buffer.from(text)]);
  }

  async portForward(target: PodStreamTarget, port: number): Promise<import("node:stream").Duplex> {
    const local = this.ports.get(`${target.namespace}/${target.pod}:${port}`);
    if (local === undefined) {
      throw new Error(
        `failed to connect to localhost:${port} inside namespace of pod ${target.pod}: connection refused`,
      );
    }
    const socket = connect(local, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return socket;
  }
}

function checkLogStatus(request: LogRequest): void {
  const status = (request.object.status ?? {}) as Record<string, ContainerStatus[] | undefined>;
  const all = [
    ...(status.containerStatuses ?? []),
    ...(status.initContainerStatuses ?? []),
    ...(status.ephemeralContainerStatuses ?? []),
  ];
  const found = all.find((candidate) => candidate.name === request.container);
  const names = `"${request.container}" in pod "${request.pod}"`;
  if (!found) throw new PodStreamError(400, "BadRequest", `container ${names} is not available`);
  if (request.previous) {
    if (!found.lastState?.terminated?.containerID) {
      throw new PodStreamError(400, "BadRequest", `previous terminated container ${names} not found`);
    }
    return;
  }
  if (found.state?.running || found.state?.terminated || found.lastState?.terminated) return;
  const reason = found.state?.waiting?.reason ?? "";
  const why =
    reason === "ErrImagePull"
      ? "image can't be pulled"
      : reason === "ImagePullBackOff"
        ? "trying and failing to pull image"
        : reason;
  throw new PodStreamError(400, "BadRequest", `container ${names} is waiting to start: ${why}`);
}

function rfc3339Nano(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}
