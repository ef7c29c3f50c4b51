// Contract 3 of rehearsal/README.md, the kubelet's side: the container runtime asks the CNI (the
// Cilium agent double) to wire a sandbox over the unix socket /var/run/cilium/cni.sock —
// `POST /v1/cni/add` {containerId, podUid, namespace, name, netns: /var/run/netns/<name>,
// ifName: eth0} → a CNI 0.3.1 result (ips[0].address is the pod's), `POST /v1/cni/del` likewise;
// an error answer is a CNI error {code, msg}. Where the real chain would fail (no CNI config: the
// runtime network is not ready; no agent socket: cilium-cni cannot reach the daemon) the message
// is the one containerd and cilium-cni give (cilium/cilium plugins/cilium-cni/cmd/cmd.go).

import { readdir } from "node:fs/promises";
import { request } from "node:http";
import { NODE_PATHS } from "../node-paths.ts";

export const CNI_SOCKET = "/var/run/cilium/cni.sock";

export interface CniRequest {
  podUid: string;
  namespace: string;
  name: string;
  /** The netns name under /run/netns (what `ip -n` takes); sent as its path, as CNI_NETNS is. */
  netns: string;
  containerId: string;
}

export class CniError extends Error {
  override readonly name = "CniError";
}

/** containerd's check: a *.conf, *.conflist or *.json file in /etc/cni/net.d. */
export async function cniConfigured(dir: string = NODE_PATHS.cniConfDir): Promise<boolean> {
  try {
    return (await readdir(dir)).some((name) => /\.(conf|conflist|json)$/.test(name));
  } catch {
    return false;
  }
}

function post(
  socketPath: string,
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    req.on("error", reject);
    req.end(payload);
  });
}

function unreachable(error: unknown, socketPath: string): CniError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT"
      ? "no such file or directory"
      : code === "ECONNREFUSED"
        ? "connection refused"
        : String((error as Error).message);
  return new CniError(
    `plugin type="cilium-cni" failed (add): unable to connect to Cilium daemon: failed to create cilium agent client after 30.000000 seconds timeout: Get "http:///var/run/cilium/cilium.sock/v1/config": dial unix ${socketPath}: connect: ${why}`,
  );
}

function parse(text: string): { ips?: { address?: string }[]; msg?: string; error?: string } {
  try {
    return JSON.parse(text) as { ips?: { address?: string }[]; msg?: string };
  } catch {
    return { error: text.slice(0, 200) };
  }
}

const netnsPath = (name: string) => `/var/run/netns/${name}`;

export async function cniAdd(
  req: CniRequest,
  socketPath = CNI_SOCKET,
  timeoutMs = 30_000,
): Promise<{ ip: string }> {
  let answer: { status: number; body: string };
  try {
    answer = await post(
      socketPath,
      "/v1/cni/add",
      { ...req, netns: netnsPath(req.netns), ifName: "eth0" },
      timeoutMs,
    );
  } catch (error) {
    throw unreachable(error, socketPath);
  }
  const parsed = parse(answer.body);
  const ip = parsed.ips?.[0]?.address?.split("/")[0];
  if (answer.status >= 300 || !ip) {
    throw new CniError(
      `plugin type="cilium-cni" failed (add): ${parsed.msg ?? parsed.error ?? `HTTP ${answer.status}`}`,
    );
  }
  return { ip };
}

export async function cniDel(req: CniRequest, socketPath = CNI_SOCKET, timeoutMs = 30_000): Promise<void> {
  let answer: { status: number; body: string };
  try {
    answer = await post(socketPath, "/v1/cni/del", { ...req, netns: netnsPath(req.netns) }, timeoutMs);
  } catch {
    // An agent that is gone cannot release; the runtime still tears the sandbox down (as containerd does).
    return;
  }
  if (answer.status >= 300)
    throw new CniError(`plugin type="cilium-cni" failed (delete): ${parse(answer.body).msg ?? answer.body}`);
}
