import { Agent } from "undici";
import { UsageError } from "../errors.ts";
import { parseEchoResponse } from "./echo-response.ts";
import { bodySnippetLength, type HttpObservation, type HttpTarget } from "./http-observation.ts";
import { assertInsideProbeNetworks, type ProbeNetworks } from "./probe-target-guard.ts";

export interface HttpProbeOptions {
  /** Per-request budget for each phase (connect, headers, body). Default 5 s. */
  requestTimeoutMs?: number;
  /**
   * Reuse connections between requests. Off by default: across a failover a kept-alive socket
   * would pin the old path and hide (or fake) the switch; a browser's fresh tab opens a new one.
   */
  reuseConnections?: boolean;
  /** Larger bodies fail the request: an echo answer is a few hundred bytes. */
  maxBodyBytes?: number;
  /**
   * The only networks requests may go to (the run's LAN): any other target is refused before a
   * socket opens, with a conformance failure that says why (probe-target-guard.ts). The suites
   * always set it; `probe http`, aimed by the user, does not.
   */
  onlyInside?: ProbeNetworks;
}

export interface HttpProbe {
  /** Throws the guard's failure when the probe refuses `url`; senders call it before a wait starts. */
  assertTarget?(url: string): void;
  send(target: HttpTarget, signal?: AbortSignal): Promise<HttpObservation>;
  close(): Promise<void>;
}

/**
 * An HTTP client for probing, on its own undici Agent so its connection policy is not shared with
 * anything else in the process. Requests go where the URL says; the Host header is set apart, as a
 * LAN user's browser resolving the Gateway's hostname to the LB IP would send it.
 */
export function createHttpProbe(options: HttpProbeOptions = {}): HttpProbe {
  const timeout = options.requestTimeoutMs ?? 5000;
  const agent = new Agent({
    connectTimeout: timeout,
    headersTimeout: timeout,
    bodyTimeout: timeout,
    // pipelining 0 = no keep-alive: one connection per request. With reuse, one connection per
    // origin: the probe is sequential, and a second socket would blur what "reuse" measures.
    pipelining: options.reuseConnections ? 1 : 0,
    ...(options.reuseConnections ? { connections: 1 } : {}),
    maxResponseSize: options.maxBodyBytes ?? 1024 * 1024,
  });
  const assertTarget = (raw: string) => assertInsideProbeNetworks(parseTargetUrl(raw), options.onlyInside);
  return {
    assertTarget,
    send: async (target, signal) => {
      assertTarget(target.url);
      return sendOne(agent, target, timeout, signal);
    },
    close: () => agent.destroy(),
  };
}

async function sendOne(
  agent: Agent,
  target: HttpTarget,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<HttpObservation> {
  const url = parseTargetUrl(target.url);
  const path = target.path ?? `${url.pathname}${url.search}`;
  const headers: Record<string, string> = { "user-agent": "cilium-conformance-probe", ...target.headers };
  if (target.host) headers.host = target.host;
  // undici's phase timeouts give precise codes; this deadline is the safety net over all phases
  // (its timers are coarse above 1 s, hence the grace).
  const deadline = AbortSignal.timeout(timeoutMs + 1000);
  const sentAtMs = Date.now();
  const started = performance.now();
  try {
    const response = await agent.request({
      origin: url.origin,
      path,
      method: (target.method ?? "GET") as "GET",
      headers,
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
    });
    const body = await response.body.text();
    const observation: HttpObservation = {
      sentAtMs,
      latencyMs: performance.now() - started,
      status: response.statusCode,
      bodySnippet: body.slice(0, bodySnippetLength),
    };
    const location = response.headers.location;
    if (typeof location === "string") observation.location = location;
    if (body.length > 0) {
      const parsed = parseEchoResponse(body);
      if (parsed.ok) observation.echo = parsed.echo;
      else observation.echoProblem = parsed.reason;
    } else {
      observation.echoProblem = "empty body";
    }
    return observation;
  } catch (error) {
    return {
      sentAtMs,
      latencyMs: performance.now() - started,
      bodySnippet: "",
      errorCode: transportErrorCode(error, deadline),
      errorMessage: transportErrorMessage(error),
    };
  }
}

/** Throws a usage error for a URL that cannot be probed (before any wait starts). */
export function assertProbeableUrl(raw: string): void {
  parseTargetUrl(raw);
}

function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL`, { hint: "give a full URL, e.g. http://192.168.5.30/" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`"${raw}": only http:// and https:// URLs can be probed`);
  }
  return url;
}

/** The stable code of a transport failure, looking through undici's wrapping (`cause`). */
export function transportErrorCode(error: unknown, deadline?: AbortSignal): string {
  if (deadline?.aborted && isAbort(error)) return "TIMEOUT";
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "ABORT_ERR") return code;
    current = (current as { cause?: unknown }).cause;
  }
  if (isAbort(error)) return "ABORTED";
  return error instanceof Error ? error.name : "UNKNOWN";
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === "AbortError" || name === "TimeoutError";
}

function transportErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: unknown })?.cause;
  return cause instanceof Error && cause.message !== message ? `${message}: ${cause.message}` : message;
}
