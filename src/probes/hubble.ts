import type { KubeConfig } from "@kubernetes/client-node";
import { ExitCode } from "../errors.ts";
import type { Clock } from "../wait/clock.ts";
import { waitUntil } from "../wait/wait-until.ts";
import { formatFlowLine } from "./hubble/flow-lines.ts";
import type { FlowRecord } from "./hubble/flow-record.ts";
import { connectRelay, type HubbleRelayClient, type RelayClientOptions } from "./hubble/relay-client.ts";
import { openRelayPortForward, type RelayLocation } from "./hubble/relay-port-forward.ts";
import { describeRelayStatus, type RelayStatus } from "./hubble/relay-status.ts";

export type { FlowQuery } from "./hubble/flow-query.ts";
export type { FlowRecord } from "./hubble/flow-record.ts";
export type { HubbleRelayClient } from "./hubble/relay-client.ts";
export type { RelayStatus } from "./hubble/relay-status.ts";

export interface HubbleSession {
  relay: HubbleRelayClient;
  /** The relay pod the port-forward reaches. */
  pod: string;
  /** What the port-forward reported (e.g. nothing listening on 4245): read it when a call fails. */
  forwardErrors: readonly string[];
  close(): Promise<void>;
}

/** Port-forwards to Hubble Relay (no kubectl) and opens a gRPC client on it. */
export async function openHubble(
  kubeConfig: KubeConfig,
  options: RelayLocation & RelayClientOptions = {},
): Promise<HubbleSession> {
  const forward = await openRelayPortForward(kubeConfig, options);
  const relay = connectRelay(forward.address, options);
  return {
    relay,
    pod: forward.pod,
    forwardErrors: forward.errors,
    close: async () => {
      relay.close();
      await forward.close();
    },
  };
}

/**
 * Waits until the relay reaches every node's Hubble (`hubbleRelayReady` in the budget table):
 * none unavailable and at least `expectedNodes` connected.
 */
export async function waitForRelayNodes(
  relay: HubbleRelayClient,
  options: { expectedNodes: number; budgetMs: number; intervalMs?: number; clock?: Clock },
): Promise<RelayStatus> {
  const result = await waitUntil<RelayStatus>({
    name: "hubbleRelayReady",
    budgetMs: options.budgetMs,
    expectation: `not all ${options.expectedNodes} nodes connected`,
    // A node Relay cannot reach is Hubble's failure, not the environment's: the suite's claim.
    exitCode: ExitCode.conformanceFailed,
    intervalMs: options.intervalMs ?? 2000,
    ...(options.clock ? { clock: options.clock } : {}),
    observe: async () => {
      const status = await relay.status({ deadlineMs: 5000 });
      return {
        done: (status.unavailableNodes ?? 0) === 0 && (status.connectedNodes ?? 0) >= options.expectedNodes,
        value: status,
        seen: describeRelayStatus(status),
      };
    },
  });
  return result.value as RelayStatus;
}

export interface DropReport {
  drops: FlowRecord[];
  /** One readable line per drop, oldest first. */
  lines: string[];
  /** Relay node-status lines: nodes whose drops could be missing. */
  nodeStatus: string[];
  lostEvents: number;
}

/** "What was dropped in this namespace since T" — the diagnostic collected when a suite fails. */
export async function dropsInNamespaceSince(
  relay: HubbleRelayClient,
  namespace: string,
  since: Date,
  until?: Date,
): Promise<DropReport> {
  const result = await relay.flows({ namespace, verdicts: ["DROPPED"], since, ...(until ? { until } : {}) });
  const drops = [...result.flows].sort((a, b) => a.epochMs - b.epochMs);
  return {
    drops,
    lines: drops.map(formatFlowLine),
    nodeStatus: result.nodeStatus,
    lostEvents: result.lostEvents,
  };
}
