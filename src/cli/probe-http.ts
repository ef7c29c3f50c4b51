// `probe http <url>`: converge on N consecutive good answers from a URL on the LAN, as the suites
// do, and say which backend answered. Wired into `probe` by probe-command.ts.

import { ExitCode, UsageError } from "../errors.ts";
import { backendName } from "../probes/echo-response.ts";
import {
  type ConvergeResult,
  convergeHttp,
  defaultConsecutiveSuccesses,
  HttpNotConvergedError,
} from "../probes/http-converge.ts";
import type { HttpExpectation } from "../probes/http-expectation.ts";
import { describeLatency } from "../probes/http-latency.ts";
import { describeObservation, type HttpObservation, type HttpTarget } from "../probes/http-observation.ts";
import { createHttpProbe } from "../probes/http-probe.ts";
import type { Clock } from "../wait/clock.ts";
import type { CliIO, CommandInput, OptionSpec } from "./command.ts";
import { durationOption, integerOption, listOption, stringOption } from "./options.ts";

const defaultBudgetMs = 30_000;
const defaultRequestTimeoutMs = 5000;

export const probeHttpOptions: readonly OptionSpec[] = [
  {
    name: "host",
    type: "string",
    valueName: "host",
    description: "http: Host header (default: the URL's host)",
  },
  {
    name: "path",
    type: "string",
    valueName: "path",
    description: "http: path and query (default: the URL's)",
  },
  {
    name: "header",
    type: "string",
    multiple: true,
    valueName: "name:value",
    description: "http: extra request header, repeatable",
  },
  {
    name: "consecutive",
    type: "string",
    valueName: "N",
    description: `http: matching answers needed in a row (default ${defaultConsecutiveSuccesses})`,
  },
  {
    name: "timeout",
    type: "string",
    valueName: "duration",
    description: `budget of the whole probe, e.g. 30s (http default ${defaultBudgetMs / 1000}s)`,
  },
  {
    name: "request-timeout",
    type: "string",
    valueName: "duration",
    description: `http: budget of one request (default ${defaultRequestTimeoutMs / 1000}s)`,
  },
  {
    name: "expect-status",
    type: "string",
    valueName: "code",
    description: "http: expected status (default 200)",
  },
  {
    name: "expect-service",
    type: "string",
    valueName: "name",
    description: "http: the echo backend's service must be this",
  },
  {
    name: "expect-pod-prefix",
    type: "string",
    valueName: "prefix",
    description: "http: the echo backend's pod name must start with this",
  },
  {
    name: "format",
    type: "string",
    valueName: "format",
    choices: ["human", "json"],
    description: "output (default human)",
  },
];

/** `probe http <url>`: exit 0 converged, 1 not converged, 2 bad input. `clock`: tests only. */
export async function runProbeHttp(input: CommandInput, io: CliIO, clock?: Clock): Promise<ExitCode> {
  const [, url, extra] = input.positionals;
  if (url === undefined || extra !== undefined) {
    throw new UsageError("probe http takes exactly one URL", {
      hint: "probe http http://192.168.5.30/ --host echo.home.example",
    });
  }
  const target = readTarget(url, input);
  const expected = readExpectation(input);
  const consecutive = integerOption(input, "consecutive", defaultConsecutiveSuccesses);
  if (consecutive < 1) throw new UsageError("--consecutive must be at least 1");
  const budgetMs = durationOption(input, "timeout", defaultBudgetMs, "30s");
  const requestTimeoutMs = Math.min(
    durationOption(input, "request-timeout", defaultRequestTimeoutMs, "30s"),
    budgetMs,
  );
  const json = stringOption(input, "format") === "json";

  const probe = createHttpProbe({ requestTimeoutMs });
  try {
    const result = await convergeHttp(probe, target, expected, {
      name: "probeHttp",
      budgetMs,
      consecutive,
      ...(clock ? { clock } : {}),
    });
    io.stdout(
      json
        ? `${JSON.stringify(jsonReport(target, consecutive, result), null, 2)}\n`
        : humanReport(target, result),
    );
    return ExitCode.pass;
  } catch (error) {
    if (!(error instanceof HttpNotConvergedError)) throw error;
    if (json) {
      const report = {
        ...jsonTarget(target),
        converged: false,
        consecutive,
        attempts: error.attempts,
        message: error.message,
      };
      io.stdout(
        `${JSON.stringify({ ...report, last: error.last ? jsonObservation(error.last) : null }, null, 2)}\n`,
      );
    } else {
      io.stdout(`${describeTarget(target)}\nnot converged after ${error.attempts} requests\n`);
      io.stderr(`error[${error.code}]: ${error.message}\n`);
    }
    return ExitCode.conformanceFailed;
  } finally {
    await probe.close();
  }
}

function readTarget(url: string, input: CommandInput): HttpTarget {
  const target: HttpTarget = { url };
  const host = stringOption(input, "host");
  if (host !== undefined) target.host = host;
  const path = stringOption(input, "path");
  if (path !== undefined) {
    if (!path.startsWith("/")) throw new UsageError(`--path must start with "/" (got "${path}")`);
    target.path = path;
  }
  const headers: Record<string, string> = {};
  for (const header of listOption(input, "header")) {
    const colon = header.indexOf(":");
    if (colon <= 0) {
      throw new UsageError(`--header must be name:value (got "${header}")`, {
        hint: '--header "X-Env: test"',
      });
    }
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  if (Object.keys(headers).length > 0) target.headers = headers;
  return target;
}

function readExpectation(input: CommandInput): HttpExpectation {
  const expected: HttpExpectation = {};
  const status = stringOption(input, "expect-status");
  if (status !== undefined) {
    if (!/^[1-5]\d\d$/.test(status))
      throw new UsageError(`--expect-status must be an HTTP status (got "${status}")`);
    expected.status = Number(status);
  }
  const service = stringOption(input, "expect-service");
  if (service !== undefined) expected.service = service;
  const podPrefix = stringOption(input, "expect-pod-prefix");
  if (podPrefix !== undefined) expected.podPrefix = podPrefix;
  return expected;
}

/** `30s`, `1m30s`, `1500ms`, or plain seconds. */

function describeTarget(target: HttpTarget): string {
  const extras = [
    target.host ? `Host: ${target.host}` : undefined,
    target.path ? `path ${target.path}` : undefined,
  ];
  const detail = extras.filter(Boolean).join(", ");
  return `${target.url}${detail ? ` (${detail})` : ""}`;
}

function humanReport(target: HttpTarget, result: ConvergeResult): string {
  const backends = Object.entries(result.backends).map(([name, count]) => `${name} ×${count}`);
  return [
    describeTarget(target),
    `converged: ${result.consecutive} consecutive matching answers after ${result.attempts} requests in ${(result.elapsedMs / 1000).toFixed(1)}s`,
    `last: ${describeObservation(result.last)}`,
    `backends: ${backends.length > 0 ? backends.join(", ") : "no echo answer (not an echo-basic backend)"}`,
    `latency: ${describeLatency(result.latency)}`,
    "",
  ].join("\n");
}

function jsonTarget(target: HttpTarget) {
  return { url: target.url, host: target.host ?? null, path: target.path ?? null };
}

function jsonReport(target: HttpTarget, consecutive: number, result: ConvergeResult) {
  return {
    ...jsonTarget(target),
    converged: true,
    consecutive,
    attempts: result.attempts,
    elapsedMs: Math.round(result.elapsedMs),
    backends: result.backends,
    latency: result.latency ?? null,
    last: jsonObservation(result.last),
  };
}

function jsonObservation(observation: HttpObservation) {
  return {
    status: observation.status ?? null,
    errorCode: observation.errorCode ?? null,
    latencyMs: Math.round(observation.latencyMs * 10) / 10,
    backend: observation.echo
      ? {
          name: backendName(observation.echo),
          pod: observation.echo.pod,
          namespace: observation.echo.namespace,
          service: observation.echo.service,
        }
      : null,
    location: observation.location ?? null,
    bodySnippet: observation.echo ? undefined : observation.bodySnippet,
  };
}
