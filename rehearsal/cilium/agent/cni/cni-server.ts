// The agent's side of contract 3: ADD allocates the pod's IP from the node's pod CIDR, plumbs the
// sandbox and answers the CNI result; DEL undoes it (and succeeds for a sandbox it never saw, as
// CNI DEL must be idempotent). One request at a time, as the agent serialises endpoint creation.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../log-line.ts";
import type { CommandRunner } from "../datapath/command-runner.ts";
import type { HostScopeAllocator } from "../ipam/host-scope-allocator.ts";
import { listenOnUnixSocket } from "../unix-socket.ts";
import type { CniAddRequest, CniDelRequest, CniError, CniResult } from "./cni-protocol.ts";
import type { EndpointStore } from "./endpoint-store.ts";
import { plumbPod, unplumbPod } from "./pod-plumbing.ts";

export interface CniServerOptions {
  run: CommandRunner;
  ipam: HostScopeAllocator;
  store: EndpointStore;
  routerIp: string;
  log: Logger;
  /** Called after each ADD/DEL (endpoints changed). */
  onChange?: () => void;
}

async function body<T>(request: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(payload));
}

function cniError(code: number, msg: string, details?: string): CniError {
  return { cniVersion: "0.3.1", code, msg, ...(details ? { details } : {}) };
}

export async function cniAdd(options: CniServerOptions, request: CniAddRequest): Promise<CniResult> {
  const existing = options.store.byContainer(request.containerId);
  const owner = `${request.namespace}/${request.name}`;
  const ip = existing?.ip ?? options.ipam.allocateNext(owner);
  try {
    const plumbed = await plumbPod(options.run, {
      containerId: request.containerId,
      netns: request.netns,
      ifName: request.ifName || "eth0",
      ip,
      routerIp: options.routerIp,
    });
    options.store.put({
      containerId: request.containerId,
      podUid: request.podUid,
      namespace: request.namespace,
      name: request.name,
      netns: request.netns,
      ip,
      hostIfName: plumbed.hostIfName,
      endpointId: existing?.endpointId ?? options.store.nextEndpointId(),
    });
    options.log.info("Create endpoint request", {
      containerID: request.containerId.slice(0, 12),
      k8sPodName: owner,
      ipv4: ip,
    });
    return {
      cniVersion: "0.3.1",
      interfaces: [
        { name: plumbed.hostIfName, mac: plumbed.hostMac },
        { name: request.ifName || "eth0", mac: plumbed.podMac, sandbox: request.netns },
      ],
      ips: [{ version: "4", address: `${ip}/32`, gateway: options.routerIp, interface: 1 }],
      routes: [{ dst: "0.0.0.0/0", gw: options.routerIp }],
    };
  } catch (error) {
    if (!existing) options.ipam.release(ip);
    throw error;
  }
}

export async function cniDel(options: CniServerOptions, request: CniDelRequest): Promise<void> {
  const record = options.store.remove(request.containerId);
  await unplumbPod(options.run, request.containerId);
  if (record) {
    options.ipam.release(record.ip);
    options.log.info("Delete endpoint request", {
      containerID: request.containerId.slice(0, 12),
      k8sPodName: `${record.namespace}/${record.name}`,
    });
  }
}

export function serveCni(socketPath: string, options: CniServerOptions): Promise<Server> {
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((request, response) => {
    const handle = async () => {
      try {
        if (request.method === "POST" && request.url === "/v1/cni/add") {
          send(response, 200, await cniAdd(options, await body<CniAddRequest>(request)));
        } else if (request.method === "POST" && request.url === "/v1/cni/del") {
          await cniDel(options, await body<CniDelRequest>(request));
          send(response, 200, {});
        } else {
          send(response, 404, cniError(4, `unknown CNI request ${request.method} ${request.url}`));
          return;
        }
        options.onChange?.();
      } catch (error) {
        options.log.warn("CNI request failed", { error: String(error) });
        send(response, 500, cniError(999, (error as Error).message));
      }
    };
    queue = queue.then(handle, handle);
  });
  return listenOnUnixSocket(server, socketPath);
}
