// One container of a pod through its life, as the kubelet's pod worker and the runtime drive it:
// image (no behaviour → ErrImagePull, then ImagePullBackOff, retried), environment (a missing
// source → CreateContainerConfigError, retried), start (Created, Started events), probes (startup
// gates liveness and readiness; a failed liveness probe restarts it), exit (Completed or Error),
// restart per the pod's restartPolicy with the kubelet's back-off (10s doubling to 5m,
// CrashLoopBackOff while waiting). Init containers run once to success.

import { createHash, randomBytes } from "node:crypto";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  behaviourFor,
  type ImageBehaviour,
  processLine,
  type StartPlan,
  startPlan,
} from "../image-behaviours.ts";
import { ContainerConfigError } from "./container-env.ts";
import { ContainerProcess, findExecutable, NODE_PATH_DIRS } from "./container-process.ts";
import type { ContainerRuntimeState } from "./pod-status.ts";
import { type ProbeResult, probeTiming, runProbe } from "./probes.ts";

type Json = Record<string, unknown>;

export const PROJECT_DIR = "/opt/cc";
const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

export interface ContainerRunnerContext {
  pod: () => Json;
  container: Json;
  init: boolean;
  /** The pod's network namespace once its sandbox exists (undefined for hostNetwork pods). */
  netns: () => string | undefined;
  podIP: () => string;
  /** The container's env (may throw ContainerConfigError). */
  environment: () => Promise<Record<string, string>>;
  shimDir: string;
  logDir: string;
  /** Images `kind load` put on the node. */
  loadedImages: () => Promise<Set<string>>;
  event: (type: "Normal" | "Warning", reason: string, message: string) => void;
  changed: () => void;
  behaviours?: readonly ImageBehaviour[];
  /** Node's program for `node …` behaviours (the image's Node binary). */
  nodeBinary: string;
}

export function imageId(image: string): string {
  const repo = image.split("@")[0]?.replace(/:[^/:]+$/, "") ?? image;
  return `${repo}@sha256:${createHash("sha256").update(image).digest("hex")}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export class ContainerRunner {
  readonly name: string;
  readonly status: ContainerRuntimeState;
  private readonly ctx: ContainerRunnerContext;
  private readonly abort = new AbortController();
  private process: ContainerProcess | undefined;
  private env: Record<string, string> = {};
  private backoffMs = BACKOFF_START_MS;
  private livenessRestart = false;

  constructor(ctx: ContainerRunnerContext) {
    this.ctx = ctx;
    this.name = String(ctx.container.name);
    const image = String(ctx.container.image ?? "");
    this.status = {
      name: this.name,
      image,
      imageID: "",
      state: { waiting: { reason: ctx.init ? "PodInitializing" : "ContainerCreating" } },
      restartCount: 0,
      ready: false,
      started: false,
    };
  }

  /** What an exec into this container runs with; undefined unless it is running. */
  execTarget(): { env: Record<string, string>; netns: string | undefined } | undefined {
    return this.process && "running" in this.status.state
      ? { env: this.env, netns: this.ctx.netns() }
      : undefined;
  }

  private set(state: ContainerRuntimeState["state"], extra: Partial<ContainerRuntimeState> = {}): void {
    Object.assign(this.status, { state, ...extra });
    this.ctx.changed();
  }

  private async resolveImage(): Promise<ImageBehaviour | undefined> {
    const image = this.status.image;
    const behaviour = behaviourFor(image, this.ctx.behaviours);
    if (!behaviour) {
      const message = `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": the rehearsal has no behaviour for this image (rehearsal/node/image-behaviours.ts)`;
      this.ctx.event("Warning", "Failed", message);
      this.set({ waiting: { reason: "ErrImagePull", message } });
      return undefined;
    }
    if ((await this.ctx.loadedImages()).has(image)) {
      this.ctx.event(
        "Normal",
        "Pulled",
        `Container image "${image}" already present on machine and can be accessed by the pod`,
      );
    } else {
      this.ctx.event("Normal", "Pulling", `Pulling image "${image}"`);
      this.ctx.event(
        "Normal",
        "Pulled",
        `Successfully pulled image "${image}" in 0s (0s including waiting). Image size: 0 bytes.`,
      );
    }
    this.status.imageID = imageId(image);
    return behaviour;
  }

  private async writeShims(behaviour: ImageBehaviour): Promise<void> {
    await mkdir(this.ctx.shimDir, { recursive: true });
    for (const [name, program] of Object.entries(behaviour.exec ?? {})) {
      const script = `#!/bin/sh\nexec ${this.ctx.nodeBinary} ${join(PROJECT_DIR, program)} "$@"\n`;
      await writeFile(join(this.ctx.shimDir, name), script, { mode: 0o755 });
    }
  }

  private plan(behaviour: ImageBehaviour): StartPlan {
    return startPlan(
      behaviour,
      processLine(behaviour, this.ctx.container as { command?: string[]; args?: string[] }),
    );
  }

  /** The argv to spawn, or why nothing starts: the runtime's StartError message, or a no-op step. */
  private argv(plan: StartPlan): string[] | { startError: string } | { exit: number; why: string } {
    if (plan.kind === "program") return [this.ctx.nodeBinary, join(PROJECT_DIR, plan.program), ...plan.args];
    if (plan.kind === "exit") return { exit: plan.code, why: plan.why };
    const command = plan.kind === "native" ? (plan.argv[0] ?? "") : plan.command;
    if (plan.kind === "native" && findExecutable(command, this.env.PATH ?? "")) return plan.argv;
    return {
      startError: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${command}": executable file not found in $PATH: unknown`,
    };
  }

  private path(): string {
    return [this.ctx.shimDir, ...NODE_PATH_DIRS].join(":");
  }

  /** Runs until the container is done for good (init success, terminal policy) or stop() is called. */
  async run(): Promise<"succeeded" | "failed" | "stopped"> {
    const signal = this.abort.signal;
    let pullBackoff = BACKOFF_START_MS;
    let behaviour: ImageBehaviour | undefined;
    while (!signal.aborted && !behaviour) {
      behaviour = await this.resolveImage();
      if (behaviour) break;
      await sleep(2000, signal);
      if (signal.aborted) break;
      this.set({
        waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${this.status.image}"` },
      });
      this.ctx.event("Normal", "BackOff", `Back-off pulling image "${this.status.image}"`);
      await sleep(pullBackoff, signal);
      pullBackoff = Math.min(BACKOFF_MAX_MS, pullBackoff * 2);
    }
    if (!behaviour) return "stopped";
    await this.writeShims(behaviour);
    const restartPolicy = String(((this.ctx.pod().spec ?? {}) as Json).restartPolicy ?? "Always");
    while (!signal.aborted) {
      try {
        this.env = { ...(await this.ctx.environment()), PATH: this.path() };
      } catch (error) {
        if (!(error instanceof ContainerConfigError)) throw error;
        this.ctx.event("Warning", "Failed", `Error: ${error.message}`);
        this.set({ waiting: { reason: "CreateContainerConfigError", message: error.message } });
        await sleep(2000, signal);
        continue;
      }
      const argv = this.argv(this.plan(behaviour));
      if ("startError" in argv) {
        this.ctx.event("Warning", "Failed", `Error: ${argv.startError}`);
        this.set({
          terminated: {
            exitCode: 128,
            reason: "StartError",
            message: argv.startError,
            startedAt: new Date(0).toISOString(),
            finishedAt: new Date().toISOString(),
          },
        });
        if (!(await this.backoff(restartPolicy, 128))) return "failed";
        continue;
      }
      if ("exit" in argv) {
        // A step the double has no use for: it "runs" and ends at once, saying why in its log.
        const at = new Date().toISOString();
        this.ctx.event("Normal", "Created", `Created container: ${this.name}`);
        this.ctx.event("Normal", "Started", `Started container ${this.name}`);
        await appendFile(
          join(this.ctx.logDir, `${this.status.restartCount}.log`),
          `${at} stdout F rehearsal: ${argv.why}\n`,
        ).catch(() => undefined);
        this.set(
          {
            terminated: {
              exitCode: argv.exit,
              reason: argv.exit === 0 ? "Completed" : "Error",
              startedAt: at,
              finishedAt: at,
            },
          },
          { containerID: `containerd://${randomBytes(32).toString("hex")}` },
        );
        if (this.ctx.init && argv.exit === 0) return "succeeded";
        if (!(await this.backoff(restartPolicy, argv.exit))) return argv.exit === 0 ? "succeeded" : "failed";
        continue;
      }
      const containerId = randomBytes(32).toString("hex");
      this.ctx.event("Normal", "Created", `Created container: ${this.name}`);
      this.process = new ContainerProcess({
        argv,
        env: this.env,
        netns: this.ctx.netns(),
        logPath: join(this.ctx.logDir, `${this.status.restartCount}.log`),
      });
      const startedAt = this.process.startedAt.toISOString();
      this.ctx.event("Normal", "Started", `Started container ${this.name}`);
      this.set(
        { running: { startedAt } },
        {
          containerID: `containerd://${containerId}`,
          started: !this.ctx.container.startupProbe,
          ready: false,
        },
      );
      const probing = this.ctx.init ? undefined : this.probe(this.process);
      const exit = await this.process.exited;
      this.process = undefined;
      probing?.abort();
      const reason = this.livenessRestart ? "Error" : exit.exitCode === 0 ? "Completed" : "Error";
      this.livenessRestart = false;
      this.set(
        {
          terminated: {
            exitCode: exit.exitCode,
            reason,
            startedAt,
            finishedAt: exit.finishedAt.toISOString(),
          },
        },
        { ready: false, started: false },
      );
      if (signal.aborted) return "stopped";
      if (this.ctx.init && exit.exitCode === 0) return "succeeded";
      if (!(await this.backoff(restartPolicy, exit.exitCode)))
        return exit.exitCode === 0 ? "succeeded" : "failed";
    }
    return "stopped";
  }

  /** Waits out the restart back-off; false when the policy says the container stays down. */
  private async backoff(restartPolicy: string, exitCode: number): Promise<boolean> {
    const restart =
      restartPolicy === "Always" ||
      (restartPolicy === "OnFailure" && exitCode !== 0) ||
      (this.ctx.init && exitCode !== 0 && restartPolicy !== "Never");
    if (!restart) return false;
    const last = this.status.state;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    const pod = (this.ctx.pod().metadata ?? {}) as Json;
    const message = `back-off ${Math.round(wait / 1000)}s restarting failed container=${this.name} pod=${String(pod.name)}_${String(pod.namespace)}(${String(pod.uid)})`;
    this.ctx.event("Warning", "BackOff", "Back-off restarting failed container");
    this.set(
      { waiting: { reason: "CrashLoopBackOff", message } },
      { lastState: last, restartCount: this.status.restartCount + 1 },
    );
    await sleep(wait, this.abort.signal);
    return !this.abort.signal.aborted;
  }

  private probe(process: ContainerProcess): AbortController {
    const stop = new AbortController();
    const container = this.ctx.container;
    const target = {
      podIP: this.ctx.podIP(),
      container,
      exec: (command: string[], timeoutMs: number) => this.execProbe(command, timeoutMs),
    };
    const loop = async (
      probe: Json,
      onResult: (result: ProbeResult, streak: { ok: number; bad: number }) => boolean,
    ) => {
      const timing = probeTiming(probe);
      const streak = { ok: 0, bad: 0 };
      await sleep(timing.initialDelayMs, stop.signal);
      while (!stop.signal.aborted) {
        const result = await runProbe(probe, target);
        if (result.ok) {
          streak.ok += 1;
          streak.bad = 0;
        } else {
          streak.bad += 1;
          streak.ok = 0;
        }
        if (!onResult(result, streak)) return;
        await sleep(timing.periodMs, stop.signal);
      }
    };
    const startup = container.startupProbe as Json | undefined;
    const readiness = container.readinessProbe as Json | undefined;
    const liveness = container.livenessProbe as Json | undefined;
    const afterStartup = () => {
      if (readiness) {
        const timing = probeTiming(readiness);
        void loop(readiness, (result, streak) => {
          if (!result.ok) this.ctx.event("Warning", "Unhealthy", `Readiness probe failed: ${result.message}`);
          const ready = result.ok
            ? streak.ok >= timing.successThreshold || this.status.ready
            : streak.bad < timing.failureThreshold && this.status.ready;
          if (ready !== this.status.ready && "running" in this.status.state)
            this.set(this.status.state, { ready });
          return true;
        });
      } else if ("running" in this.status.state) this.set(this.status.state, { ready: true });
      if (liveness) {
        const timing = probeTiming(liveness);
        void loop(liveness, (result, streak) => {
          if (result.ok) return true;
          this.ctx.event("Warning", "Unhealthy", `Liveness probe failed: ${result.message}`);
          if (streak.bad < timing.failureThreshold) return true;
          this.ctx.event(
            "Normal",
            "Killing",
            `Container ${this.name} failed liveness probe, will be restarted`,
          );
          this.livenessRestart = true;
          void process.stop(
            Number(((this.ctx.pod().spec ?? {}) as Json).terminationGracePeriodSeconds ?? 30) * 1000,
          );
          return false;
        });
      }
    };
    if (startup) {
      const timing = probeTiming(startup);
      void loop(startup, (result, streak) => {
        if (result.ok && streak.ok >= timing.successThreshold) {
          if ("running" in this.status.state) this.set(this.status.state, { started: true });
          afterStartup();
          return false;
        }
        if (!result.ok) this.ctx.event("Warning", "Unhealthy", `Startup probe failed: ${result.message}`);
        if (!result.ok && streak.bad >= timing.failureThreshold) {
          this.ctx.event(
            "Normal",
            "Killing",
            `Container ${this.name} failed startup probe, will be restarted`,
          );
          this.livenessRestart = true;
          void process.stop(0);
          return false;
        }
        return true;
      });
    } else afterStartup();
    return stop;
  }

  private async execProbe(command: string[], timeoutMs: number): Promise<number> {
    const probe = new ContainerProcess({
      argv: command,
      env: this.env,
      netns: this.ctx.netns(),
      logPath: join(this.ctx.logDir, "probe.log"),
    });
    const timer = setTimeout(() => void probe.stop(0), timeoutMs);
    const exit = await probe.exited;
    clearTimeout(timer);
    return exit.exitCode;
  }

  /** Stops the container (SIGTERM, then SIGKILL after the grace period) and ends run(). */
  async stop(graceMs: number): Promise<void> {
    this.abort.abort();
    const process = this.process;
    if (process) {
      this.ctx.event("Normal", "Killing", `Stopping container ${this.name}`);
      await process.stop(graceMs);
    }
  }
}
