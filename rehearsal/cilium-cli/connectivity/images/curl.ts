// The `curl` of quay.io/cilium/alpine-curl as the connectivity test execs it into client pods
// (check/context.go CurlCommandWithOutput): the flags it passes (--silent --fail --show-error
// --connect-timeout --max-time --insecure -4/-6 -H -X -w --output --parallel…, several URLs), curl's
// exit codes (6 unresolved host, 7 connection refused, 28 timeout, 22 HTTP >= 400 with --fail, 35
// TLS) and its "curl: (N) …" messages with --show-error, the -w variables the test reads. The
// process runs in the pod's network namespace (the kubelet double's exec), so this is the pod's
// own network view. Contract 1: the alpine-curl image's `curl` command resolves to this program.

import { lookup } from "node:dns/promises";
import { writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";

interface Options {
  urls: string[];
  silent: boolean;
  fail: boolean;
  showError: boolean;
  connectTimeoutMs?: number;
  maxTimeMs?: number;
  insecure: boolean;
  family?: 4 | 6;
  headers: string[];
  method?: string;
  writeOut?: string;
  output?: string;
  data?: string;
}

export function parseCurlArgs(args: readonly string[]): Options {
  const options: Options = {
    urls: [],
    silent: false,
    fail: false,
    showError: false,
    insecure: false,
    headers: [],
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const next = () => args[++i] ?? "";
    switch (arg) {
      case "--silent":
      case "-s":
        options.silent = true;
        break;
      case "--fail":
      case "-f":
        options.fail = true;
        break;
      case "--show-error":
      case "-S":
        options.showError = true;
        break;
      case "--connect-timeout":
        options.connectTimeoutMs = Number(next()) * 1000;
        break;
      case "--max-time":
      case "-m":
        options.maxTimeMs = Number(next()) * 1000;
        break;
      case "--insecure":
      case "-k":
        options.insecure = true;
        break;
      case "-4":
      case "--ipv4":
        options.family = 4;
        break;
      case "-6":
      case "--ipv6":
        options.family = 6;
        break;
      case "-H":
      case "--header":
        options.headers.push(next());
        break;
      case "-X":
      case "--request":
        options.method = next();
        break;
      case "-w":
      case "--write-out":
        options.writeOut = next();
        break;
      case "-o":
      case "--output":
        options.output = next();
        break;
      case "-d":
      case "--data":
        options.data = next();
        break;
      case "--parallel":
      case "--parallel-immediate":
      case "-L":
        break;
      default:
        if (!arg.startsWith("-")) options.urls.push(arg);
    }
  }
  return options;
}

class CurlError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

interface Outcome {
  status: number;
  body: Buffer;
  local: { ip: string; port: number };
  remote: { ip: string; port: number };
}

async function fetchOnce(url: URL, options: Options): Promise<Outcome> {
  const started = Date.now();
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let address: string;
  try {
    address = (await lookup(host, options.family ? { family: options.family } : {})).address;
  } catch {
    throw new CurlError(6, `Could not resolve host: ${host}`);
  }
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const transport = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { "user-agent": "curl/8.11.1", accept: "*/*" };
  for (const header of options.headers) {
    const colon = header.indexOf(":");
    if (colon > 0) headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  return new Promise((resolve, reject) => {
    let socket: Socket | undefined;
    let connected = false;
    const request = transport.request(
      {
        host: address,
        port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? (options.data !== undefined ? "POST" : "GET"),
        headers: { host: url.host, ...headers },
        servername: host,
        rejectUnauthorized: !options.insecure,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks),
            local: { ip: socket?.localAddress ?? "", port: socket?.localPort ?? 0 },
            remote: { ip: address, port },
          }),
        );
        response.on("error", (error) => reject(new CurlError(56, `Recv failure: ${error.message}`)));
      },
    );
    request.on("socket", (s) => {
      socket = s;
      s.once("connect", () => {
        connected = true;
      });
    });
    const connectTimer = options.connectTimeoutMs
      ? setTimeout(() => {
          if (!connected) {
            request.destroy();
            reject(
              new CurlError(
                28,
                `Failed to connect to ${host} port ${port} after ${Date.now() - started} ms: Timeout was reached`,
              ),
            );
          }
        }, options.connectTimeoutMs)
      : undefined;
    const maxTimer = options.maxTimeMs
      ? setTimeout(() => {
          request.destroy();
          reject(
            new CurlError(
              28,
              `Operation timed out after ${Date.now() - started} milliseconds with 0 bytes received`,
            ),
          );
        }, options.maxTimeMs)
      : undefined;
    request.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      clearTimeout(maxTimer);
      if (error.code === "ECONNREFUSED")
        reject(
          new CurlError(
            7,
            `Failed to connect to ${host} port ${port} after ${Date.now() - started} ms: Couldn't connect to server`,
          ),
        );
      else if (error.code === "EHOSTUNREACH" || error.code === "ENETUNREACH")
        reject(
          new CurlError(
            7,
            `Failed to connect to ${host} port ${port} after ${Date.now() - started} ms: No route to host`,
          ),
        );
      else if (/certificate|SSL|TLS/i.test(error.message))
        reject(new CurlError(60, `SSL certificate problem: ${error.message}`));
      else reject(new CurlError(56, `Recv failure: ${error.message}`));
    });
    request.on("close", () => {
      clearTimeout(connectTimer);
      clearTimeout(maxTimer);
    });
    request.end(options.data);
  });
}

export function writeOut(format: string, outcome: Outcome): string {
  return format.replace(/\\n/g, "\n").replace(/%\{(\w+)\}/g, (_, name: string) => {
    switch (name) {
      case "local_ip":
        return outcome.local.ip;
      case "local_port":
        return String(outcome.local.port);
      case "remote_ip":
        return outcome.remote.ip;
      case "remote_port":
        return String(outcome.remote.port);
      case "response_code":
      case "http_code":
        return String(outcome.status).padStart(3, "0");
      default:
        return "";
    }
  });
}

export async function curl(
  args: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const options = parseCurlArgs(args);
  if (options.urls.length === 0) {
    err("curl: no URL specified\n");
    return 2;
  }
  let code = 0;
  for (const text of options.urls) {
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//.test(text) ? text : `http://${text}`);
    } catch {
      err("curl: (3) URL rejected: Malformed input to a URL function\n");
      code = 3;
      continue;
    }
    try {
      const outcome = await fetchOnce(url, options);
      if (options.fail && outcome.status >= 400) {
        if (options.writeOut) out(writeOut(options.writeOut, outcome));
        if (!options.silent || options.showError)
          err(`curl: (22) The requested URL returned error: ${outcome.status}\n`);
        code = 22;
        continue;
      }
      if (options.output === undefined) out(outcome.body.toString("utf8"));
      else if (options.output !== "/dev/null") writeFileSync(options.output, outcome.body);
      if (options.writeOut) out(writeOut(options.writeOut, outcome));
    } catch (error) {
      const failure = error instanceof CurlError ? error : new CurlError(1, (error as Error).message);
      if (options.writeOut)
        out(
          writeOut(options.writeOut, {
            status: 0,
            body: Buffer.alloc(0),
            local: { ip: "", port: 0 },
            remote: { ip: "", port: 0 },
          }),
        );
      if (!options.silent || options.showError) err(`curl: (${failure.code}) ${failure.message}\n`);
      code = failure.code;
    }
  }
  return code;
}

if (import.meta.main) {
  process.exitCode = await curl(
    process.argv.slice(2),
    (text) => process.stdout.write(text),
    (text) => process.stderr.write(text),
  );
}
