// The in-process fake API server with the kinds the double's programs use (test/support's
// FakeKubeApi plus Secrets, ServiceAccounts, EndpointSlices, Cilium and Gateway API kinds), and a
// CliIo whose clock and sleeps are the test's.

import type { CliIo } from "../../../rehearsal/cilium-cli/cli-session.ts";
import { DEFAULT_RESOURCES, FakeKubeApi, type FakeResource } from "../../support/fake-kube-api.ts";

const EXTRA: [group: string, version: string, kind: string, plural: string, namespaced: boolean][] = [
  ["", "v1", "Secret", "secrets", true],
  ["", "v1", "ServiceAccount", "serviceaccounts", true],
  ["", "v1", "Endpoints", "endpoints", true],
  ["discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true],
  ["cilium.io", "v2", "CiliumEndpoint", "ciliumendpoints", true],
  ["cilium.io", "v2", "CiliumEnvoyConfig", "ciliumenvoyconfigs", true],
  ["gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes", true],
  ["gateway.networking.k8s.io", "v1beta1", "ReferenceGrant", "referencegrants", true],
];

export const REHEARSAL_RESOURCES: FakeResource[] = [
  ...DEFAULT_RESOURCES,
  ...EXTRA.map(([group, version, kind, plural, namespaced]) => ({
    group,
    version,
    kind,
    plural,
    namespaced,
  })),
];

export async function startRehearsalApi(options: { withoutGatewayApi?: boolean } = {}) {
  const resources = options.withoutGatewayApi
    ? REHEARSAL_RESOURCES.filter((resource) => resource.group !== "gateway.networking.k8s.io")
    : REHEARSAL_RESOURCES;
  const api = await FakeKubeApi.start({ resources });
  const kubeconfig = await api.writeKubeconfig({ contexts: ["kind-cc-test"] });
  return { api, kubeconfig };
}

export interface RecordingIo extends CliIo {
  out: string;
  err: string;
  clock: { now: number };
}

export function recordingIo(env: NodeJS.ProcessEnv, faults: string[] = []): RecordingIo {
  const io: RecordingIo = {
    out: "",
    err: "",
    clock: { now: Date.parse("2026-12-03T10:00:00Z") },
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    env,
    now: () => new Date(io.clock.now),
    sleep: async (ms) => {
      io.clock.now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    hasFault: (name) => faults.includes(name),
  };
  return io;
}
