// Named, budgeted waits on API objects, driven by a watch: LIST to get the state and a
// resourceVersion, WATCH from there and judge every change with a pure decision function. On
// 410 Gone, a dropped or ended stream, or every `resyncMs`, LIST again (so no change is missed).
// On timeout the WaitTimeoutError carries the decision's last `seen`.
//
// client-node's Watch aborts a stream that carried no bytes for 30 s (dist/watch.js,
// requestTimeoutMs = 30000, reset on every chunk): the resync period and the server-side
// `timeoutSeconds` stay below it, so a quiet watch is ended by us or the server, never killed.

import { Watch } from "@kubernetes/client-node";
import type { Verdict } from "../decisions/verdict.ts";
import { ExitCode as Exit, type ExitCode, WaitTimeoutError } from "../errors.ts";
import { type Clock, systemClock } from "../wait/clock.ts";
import { isUnrecoverable, KubeApiError, type KubeApiErrorCode, toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import type { KubeObject, ListTarget, ObjectRef } from "./kube-object.ts";
import { describeTarget, listObjects } from "./read-objects.ts";

export interface ObjectsWait<V> {
  /** Stable name from the budget table, e.g. `gatewayProgrammed`. */
  name: string;
  budgetMs: number;
  /** What is missing, for the message: `not Programmed` reads "gatewayProgrammed: not Programmed after 180s (last: …)". */
  expectation: string;
  target: ListTarget;
  /** Judges the current set of matching objects (empty when there are none). */
  judge: (objects: KubeObject[]) => Verdict<V>;
  signal?: AbortSignal;
  /** Exit code of the timeout: 3 in provisioning (default), 1 when the wait is the assertion. */
  exitCode?: ExitCode;
  /** Re-LIST at least this often even if the watch looks healthy (default 20s, at most 25s). */
  resyncMs?: number;
  /** Pause before retrying after an error or a dropped stream (default 200ms). */
  retryDelayMs?: number;
  /** The budget, the resync period and the retry pauses run on this clock (default: real time). */
  clock?: Clock;
}

/** client-node's watch idle limit (dist/watch.js requestTimeoutMs). */
export const WATCH_IDLE_LIMIT_MS = 30_000;
/** The longest resync (and watch `timeoutSeconds`): well inside the idle limit. */
export const MAX_RESYNC_MS = 25_000;

export interface ObjectsWaitResult<V> {
  value: V | undefined;
  seen: string;
  elapsedMs: number;
  /** How many LISTs it took (1 = answered by the first list or its watch). */
  lists: number;
}

type WatchEnd =
  | { kind: "done"; verdict: Verdict<unknown> }
  | { kind: "relist"; pause: boolean }
  | { kind: "fatal"; error: KubeApiError };

export async function waitForObjects<V>(
  client: KubeClient,
  wait: ObjectsWait<V>,
): Promise<ObjectsWaitResult<V>> {
  const clock = wait.clock ?? systemClock;
  const started = clock.now();
  const resyncMs = Math.min(wait.resyncMs ?? 20_000, MAX_RESYNC_MS);
  const retryDelayMs = wait.retryDelayMs ?? 200;
  const deadline = new AbortController();
  const cancelBudget = clock.setTimer(wait.budgetMs, () => deadline.abort());
  const stop = wait.signal ? AbortSignal.any([deadline.signal, wait.signal]) : deadline.signal;
  let path: string | undefined;
  let seen = "nothing observed yet";
  let lists = 0;

  const judge = (objects: Map<string, KubeObject>): Verdict<V> => {
    const verdict = wait.judge([...objects.values()]);
    seen = verdict.seen;
    return verdict;
  };
  const finish = (verdict: Verdict<V>): ObjectsWaitResult<V> => ({
    value: verdict.value,
    seen: verdict.seen,
    elapsedMs: Math.round(clock.now() - started),
    lists,
  });

  try {
    for (;;) {
      if (stop.aborted) break;
      const objects = new Map<string, KubeObject>();
      let resourceVersion: string;
      try {
        // Discovery may fail until a CRD is served: inside the retry, like any other error.
        // Both requests are aborted by `stop` (the budget's end): a LIST that hangs must not hold
        // the wait past its budget. The race also covers a request that ignored the abort.
        path ??= await untilStopped(
          client.objects.collectionPath(
            wait.target.apiVersion,
            wait.target.kind,
            wait.target.namespace,
            stop,
          ),
          stop,
        );
        const listed = await untilStopped(listObjects(client, wait.target, stop), stop);
        lists += 1;
        for (const item of listed.items) objects.set(keyOf(item), item);
        resourceVersion = listed.resourceVersion;
      } catch (error) {
        if (stop.aborted) {
          seen = `${seen}; a LIST was still running when the wait ended`;
          break;
        }
        const failure = toKubeApiError(error, "list", describeTarget(wait.target));
        // 400/401/403 do not mend by waiting: stop now with the cause, not at the budget's end.
        if (isUnrecoverable(failure)) throw stopped(wait.name, failure);
        seen = `error: ${failure.message}`;
        await pause(clock, retryDelayMs, stop);
        continue;
      }
      const listedVerdict = judge(objects);
      if (listedVerdict.ok) return finish(listedVerdict);

      const end = await watchUntil(
        client,
        path,
        wait.target,
        resourceVersion,
        stop,
        resyncMs,
        clock,
        (type, object) => {
          if (type === "DELETED") objects.delete(keyOf(object));
          else objects.set(keyOf(object), object);
          return judge(objects);
        },
        (note) => {
          seen = `${seen}; ${note}`;
        },
      );
      if (end.kind === "done") return finish(end.verdict as Verdict<V>);
      if (end.kind === "fatal") throw stopped(wait.name, end.error);
      if (end.pause) await pause(clock, retryDelayMs, stop);
    }
  } finally {
    cancelBudget();
  }
  if (wait.signal?.aborted) throw wait.signal.reason;
  throw new WaitTimeoutError(
    wait.name,
    wait.budgetMs,
    wait.expectation,
    seen,
    wait.exitCode ?? Exit.environment,
  );
}

/** A wait on one named object; the judge gets `undefined` while it does not exist. */
export interface ObjectWait<T extends KubeObject, V> extends Omit<ObjectsWait<V>, "target" | "judge"> {
  ref: ObjectRef;
  judge: (object: T | undefined) => Verdict<V>;
}

export function waitForObject<T extends KubeObject, V>(
  client: KubeClient,
  wait: ObjectWait<T, V>,
): Promise<ObjectsWaitResult<V>> {
  const { ref, judge, ...rest } = wait;
  return waitForObjects(client, {
    ...rest,
    target: {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      fieldSelector: `metadata.name=${ref.name}`,
    },
    judge: (objects) => judge(objects.find((object) => object.metadata.name === ref.name) as T | undefined),
  });
}

/** One watch stream: resolves when the judge is satisfied or when the caller should LIST again. */
function watchUntil(
  client: KubeClient,
  path: string,
  target: ListTarget,
  resourceVersion: string,
  stop: AbortSignal,
  resyncMs: number,
  clock: Clock,
  onEvent: (type: string, object: KubeObject) => Verdict<unknown>,
  note: (text: string) => void,
): Promise<WatchEnd> {
  return new Promise<WatchEnd>((resolve) => {
    let settled = false;
    let controller: AbortController | undefined;
    const settle = (end: WatchEnd) => {
      if (settled) return;
      settled = true;
      cancelResync();
      stop.removeEventListener("abort", onStop);
      controller?.abort();
      resolve(end);
    };
    const onStop = () => settle({ kind: "relist", pause: false });
    stop.addEventListener("abort", onStop, { once: true });
    const cancelResync = clock.setTimer(resyncMs, () => settle({ kind: "relist", pause: false }));

    const query: Record<string, string | number | boolean | undefined> = {
      resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: Math.max(1, Math.ceil(resyncMs / 1000)),
      labelSelector: target.labelSelector,
      fieldSelector: target.fieldSelector,
    };
    new Watch(client.kubeConfig)
      .watch(
        path,
        query,
        (type, object: KubeObject) => {
          if (settled) return;
          if (type === "BOOKMARK") return;
          if (type === "ERROR") {
            const status = object as unknown as { code?: number; message?: string };
            note(
              status.code === 410 ? "watch expired (410 Gone), re-listing" : `watch error: ${status.message}`,
            );
            settle({ kind: "relist", pause: status.code !== 410 });
            return;
          }
          const verdict = onEvent(type, object);
          if (verdict.ok) settle({ kind: "done", verdict });
        },
        (error: unknown) => {
          if (settled) return;
          // client-node's Watch reports a refused watch (no 200) as an Error with `statusCode`.
          const status = (error as { statusCode?: unknown } | null)?.statusCode;
          if (typeof status === "number" && isUnrecoverable({ code: status })) {
            const message = error instanceof Error ? error.message : String(error);
            settle({
              kind: "fatal",
              error: new KubeApiError(
                status === 401
                  ? "CC_K8S_UNAUTHORIZED"
                  : status === 403
                    ? "CC_K8S_FORBIDDEN"
                    : "CC_K8S_INVALID",
                `watch ${describeTarget(target)}: HTTP ${status} ${message}`,
                { status },
              ),
            });
            return;
          }
          if (error)
            note(`watch dropped (${error instanceof Error ? error.message : String(error)}), re-listing`);
          settle({ kind: "relist", pause: true });
        },
      )
      .then(
        (abort) => {
          controller = abort;
          if (settled) abort.abort();
        },
        (error: unknown) => {
          note(`watch failed: ${error instanceof Error ? error.message : String(error)}`);
          settle({ kind: "relist", pause: true });
        },
      );
  });
}

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
}

/** Sleeps on the clock; an abort of `stop` ends the pause early (never an error). */
async function pause(clock: Clock, ms: number, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return;
  await clock.sleep(ms, stop).catch(() => undefined);
}

/** Rejects as soon as `stop` aborts, whether or not the request itself honoured the abort. */
function untilStopped<T>(request: Promise<T>, stop: AbortSignal): Promise<T> {
  request.catch(() => undefined); // its own rejection after an abort is expected, not unhandled
  if (stop.aborted) return Promise.reject(new Error("stopped"));
  return new Promise<T>((resolve, reject) => {
    const onStop = () => reject(new Error("stopped"));
    stop.addEventListener("abort", onStop, { once: true });
    request.then(
      (value) => {
        stop.removeEventListener("abort", onStop);
        resolve(value);
      },
      (error: unknown) => {
        stop.removeEventListener("abort", onStop);
        reject(error);
      },
    );
  });
}

/** The wait ends early with the cause it cannot wait out, keeping its code, status and hint. */
function stopped(name: string, failure: KubeApiError): KubeApiError {
  return new KubeApiError(failure.code as KubeApiErrorCode, `${name}: stopped: ${failure.message}`, {
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    ...(failure.reason !== undefined ? { reason: failure.reason } : {}),
    ...(failure.hint !== undefined ? { hint: failure.hint } : {}),
    cause: failure,
  });
}
