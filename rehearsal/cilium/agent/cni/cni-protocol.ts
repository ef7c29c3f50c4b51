// Contract 3 (rehearsal/README.md): how the kubelet double asks the agent double for pod
// networking. The real kubelet runs the cilium-cni binary, which talks to the agent over
// /var/run/cilium/cilium.sock; the double folds that into one HTTP/1.1 exchange on a unix socket
// the agent serves. Requests carry what CNI_* variables carry (CNI spec: ADD/DEL with
// CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, K8S_POD_* args); answers are the CNI result (spec
// version 0.3.1, as 05-cilium.conflist declares) or a CNI error {code, msg, details}.

import { request } from "node:http";

export const CNI_SOCKET_PATH = "/var/run/cilium/cni.sock";

export interface CniAddRequest {
  containerId: string;
  podUid: string;
  namespace: string;
  name: string;
  /** The sandbox's network namespace, as `ip netns add` made it: /var/run/netns/<name>. */
  netns: string;
  /** The interface inside the sandbox (CNI_IFNAME), "eth0". */
  ifName: string;
}

export interface CniDelRequest {
  containerId: string;
  podUid: string;
  namespace: string;
  name: string;
  netns?: string;
}

export interface CniResult {
  cniVersion: "0.3.1";
  interfaces: { name: string; mac?: string; sandbox?: string }[];
  ips: { version: "4"; address: string; gateway: string; interface?: number }[];
  routes: { dst: string; gw?: string }[];
}

export interface CniError {
  cniVersion: "0.3.1";
  code: number;
  msg: string;
  details?: string;
}

export class CniCallError extends Error {
  override readonly name = "CniCallError";
  readonly cni: CniError | undefined;
  constructor(message: string, cni?: CniError) {
    super(message);
    this.cni = cni;
  }
}

/** One call to the agent's CNI socket (for the kubelet double). */
export function cniCall(
  command: "ADD",
  body: CniAddRequest,
  options?: { socketPath?: string; timeoutMs?: number },
): Promise<CniResult>;
export function cniCall(
  command: "DEL",
  body: CniDelRequest,
  options?: { socketPath?: string; timeoutMs?: number },
): Promise<Record<string, never>>;
export function cniCall(
  command: "ADD" | "DEL",
  body: CniAddRequest | CniDelRequest,
  options: { socketPath?: string; timeoutMs?: number } = {},
): Promise<unknown> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: options.socketPath ?? CNI_SOCKET_PATH,
        path: `/v1/cni/${command.toLowerCase()}`,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        timeout: options.timeoutMs ?? 60_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text === "" ? {} : JSON.parse(text);
          } catch {
            return reject(
              new CniCallError(`cilium CNI ${command}: unreadable answer: ${text.slice(0, 200)}`),
            );
          }
          if ((response.statusCode ?? 500) >= 300) {
            const cni = parsed as CniError;
            return reject(
              new CniCallError(`plugin type="cilium-cni" failed (${command.toLowerCase()}): ${cni.msg}`, cni),
            );
          }
          resolve(parsed);
        });
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`no answer from the Cilium agent within ${options.timeoutMs ?? 60_000}ms`)),
    );
    req.on("error", (error) =>
      reject(
        new CniCallError(
          `plugin type="cilium-cni" failed (${command.toLowerCase()}): unable to connect to Cilium agent: ${error.message}`,
        ),
      ),
    );
    req.end(payload);
  });
}
