import * as grpc from "@grpc/grpc-js";
import { EnvironmentError } from "../../errors.ts";
import { parseFlow } from "./flow-parse.ts";
import { buildGetFlowsRequest, type FlowQuery } from "./flow-query.ts";
import type { FlowRecord } from "./flow-record.ts";
import { describeNodeStatus } from "./jsonpb-lines.ts";
import { loadObserverService } from "./observer-proto.ts";
import { parseRelayStatus, type RelayStatus } from "./relay-status.ts";

export interface FlowsResult {
  flows: FlowRecord[];
  /** Relay node-status events seen during the call: nodes whose flows are missing. */
  nodeStatus: string[];
  /** Events Hubble lost (ring buffer overrun): the flows may be incomplete. */
  lostEvents: number;
}

export interface HubbleRelayClient {
  readonly address: string;
  status(options?: { deadlineMs?: number }): Promise<RelayStatus>;
  flows(query: FlowQuery, options?: { deadlineMs?: number; signal?: AbortSignal }): Promise<FlowsResult>;
  close(): void;
}

export interface RelayClientOptions {
  /** Plaintext by default: the relay serves plaintext on 4245 unless relay TLS is enabled. */
  credentials?: grpc.ChannelCredentials;
  defaultDeadlineMs?: number;
}

/** A gRPC client of Hubble's Observer API at `host:port` (the relay, usually port-forwarded). */
export function connectRelay(address: string, options: RelayClientOptions = {}): HubbleRelayClient {
  const { Observer } = loadObserverService();
  const client = new Observer(address, options.credentials ?? grpc.credentials.createInsecure());
  const defaultDeadline = options.defaultDeadlineMs ?? 15_000;
  const deadlineOf = (ms: number | undefined) => new Date(Date.now() + (ms ?? defaultDeadline));
  return {
    address,
    status: (callOptions = {}) =>
      new Promise<RelayStatus>((resolve, reject) => {
        const call = client.ServerStatus as (
          request: object,
          options: grpc.CallOptions,
          callback: (error: grpc.ServiceError | null, response: unknown) => void,
        ) => void;
        call.call(client, {}, { deadline: deadlineOf(callOptions.deadlineMs) }, (error, response) => {
          if (error) reject(relayError(address, "ServerStatus", error));
          else resolve(parseRelayStatus(response));
        });
      }),
    flows: (query, callOptions = {}) =>
      new Promise<FlowsResult>((resolve, reject) => {
        const result: FlowsResult = { flows: [], nodeStatus: [], lostEvents: 0 };
        // Already cancelled: nothing arrived, and an abort listener added now would never fire
        // (the stream would run to its deadline, or forever for a follow query).
        if (callOptions.signal?.aborted) return resolve(result);
        const getFlows = client.GetFlows as (
          request: object,
          options: grpc.CallOptions,
        ) => grpc.ClientReadableStream<unknown>;
        const stream = getFlows.call(client, buildGetFlowsRequest(query), {
          deadline: deadlineOf(callOptions.deadlineMs),
        });
        const onAbort = () => stream.cancel();
        callOptions.signal?.addEventListener("abort", onAbort, { once: true });
        stream.on("data", (response: Record<string, unknown>) => {
          if (response.flow) {
            const flow = parseFlow(response.flow);
            if (!flow.nodeName && typeof response.node_name === "string") flow.nodeName = response.node_name;
            result.flows.push(flow);
          } else if (response.node_status) {
            result.nodeStatus.push(describeNodeStatus(response.node_status));
          } else if (response.lost_events) {
            result.lostEvents += Number(
              (response.lost_events as { num_events_lost?: unknown }).num_events_lost ?? 1,
            );
          }
        });
        stream.on("error", (error: grpc.ServiceError) => {
          callOptions.signal?.removeEventListener("abort", onAbort);
          // A cancel we asked for ends the call with what arrived so far.
          if (error.code === grpc.status.CANCELLED && callOptions.signal?.aborted) resolve(result);
          else reject(relayError(address, "GetFlows", error));
        });
        stream.on("end", () => {
          callOptions.signal?.removeEventListener("abort", onAbort);
          resolve(result);
        });
      }),
    close: () => client.close(),
  };
}

function relayError(address: string, call: string, error: grpc.ServiceError): EnvironmentError {
  const status = grpc.status[error.code] ?? String(error.code);
  return new EnvironmentError(
    "CC_ENV_HUBBLE_RELAY_UNREACHABLE",
    `Hubble Relay at ${address}: ${call} failed with ${status}: ${error.details || error.message}`,
    {
      hint:
        "check that hubble.relay.enabled is true in the Cilium values and the hubble-relay pod is Ready " +
        "(kubectl -n <Cilium's namespace> get pods -l k8s-app=hubble-relay); relay TLS needs TLS credentials",
      cause: error,
    },
  );
}
