// The tests' entry point to a Kubernetes API: the rehearsal's API server (rehearsal/kube-api/) on
// 127.0.0.1 with kind's transport (HTTPS, client certificates), a scripted stand-in for the
// kubelet's exec/log/port-forward, and a kubeconfig writer. Documentation: rehearsal/kube-api/README.md.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TokenAuthenticator } from "../../rehearsal/kube-api/authentication.ts";
import { type ClusterPki, createClusterPki } from "../../rehearsal/kube-api/certificates.ts";
import { BUILT_IN_RESOURCES, type FakeResource } from "../../rehearsal/kube-api/resources.ts";
import { KubeApiServer } from "../../rehearsal/kube-api/server.ts";
import type { WatchTiming } from "../../rehearsal/kube-api/watch.ts";
import {
  type ExecCall,
  type ExecResult,
  type LogLine,
  ScriptedPodStreams,
} from "../k8s/support/scripted-pod-streams.ts";
import { crdsFor, GATEWAY_API_RESOURCES } from "../k8s/support/test-crds.ts";

export type { FakeResource } from "../../rehearsal/kube-api/resources.ts";
export type { InjectedFailure, ObjectRef, RecordedRequest } from "../../rehearsal/kube-api/server.ts";

/**
 * What a test cluster serves by default: the built-in kinds, Cilium's LB-IPAM and L2 CRDs (from
 * the samples, real schemas) and the Gateway API kinds (permissive CRDs). A test may pass its own
 * list; custom kinds in it are installed as CRDs before the server is handed over.
 */
export const DEFAULT_RESOURCES: readonly FakeResource[] = [
  ...BUILT_IN_RESOURCES,
  ...GATEWAY_API_RESOURCES,
  {
    group: "cilium.io",
    version: "v2alpha1",
    kind: "CiliumLoadBalancerIPPool",
    plural: "ciliumloadbalancerippools",
    namespaced: false,
  },
  {
    group: "cilium.io",
    version: "v2",
    kind: "CiliumLoadBalancerIPPool",
    plural: "ciliumloadbalancerippools",
    namespaced: false,
  },
  {
    group: "cilium.io",
    version: "v2alpha1",
    kind: "CiliumL2AnnouncementPolicy",
    plural: "ciliuml2announcementpolicies",
    namespaced: false,
  },
];

export interface FakeKubeApiOptions {
  /** Kinds to serve; custom ones get a CRD (default DEFAULT_RESOURCES). */
  resources?: readonly FakeResource[];
  tokens?: readonly TokenAuthenticator[];
  /** Namespaces to create besides kube-apiserver's own (default, kube-system, kube-public, kube-node-lease). */
  namespaces?: readonly string[];
  /** Bookmark interval and the too-large-resourceVersion wait (default: the real 60 s and 3 s). */
  watchTiming?: WatchTiming;
}
export type { ExecCall, ExecResult, LogLine };

// One PKI per test process (a vitest worker runs many files): openssl runs three times, ~50 ms.
const PKI_KEY = Symbol.for("cilium-conformance.test-kube-pki");
type WithPki = typeof globalThis & { [PKI_KEY]?: Promise<ClusterPki> };

export function testPki(): Promise<ClusterPki> {
  const holder = globalThis as WithPki;
  holder[PKI_KEY] ??= createClusterPki();
  return holder[PKI_KEY];
}

export class FakeKubeApi extends KubeApiServer {
  readonly scripted: ScriptedPodStreams;
  readonly pki: ClusterPki;
  private readonly tempDirs: string[] = [];

  /**
   * The namespace controller's delay: a deleted namespace stays Terminating this long before its
   * content and itself are gone (kube-controller-manager's job; this stands in for it).
   */
  deletionDelayMs = 0;

  private constructor(pki: ClusterPki, scripted: ScriptedPodStreams, options: FakeKubeApiOptions) {
    super({
      tls: { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca.cert },
      podStreams: scripted,
      ...(options.tokens ? { tokens: options.tokens } : {}),
      ...(options.watchTiming ? { watchTiming: options.watchTiming } : {}),
    });
    this.pki = pki;
    this.scripted = scripted;
    const terminating = new Set<string>();
    this.store.subscribe((event) => {
      if (event.group !== "" || event.plural !== "namespaces" || event.type === "DELETED") return;
      const meta = event.object.metadata as { name: string; deletionTimestamp?: string };
      if (meta.deletionTimestamp === undefined || terminating.has(meta.name)) return;
      terminating.add(meta.name);
      this.later(this.deletionDelayMs, () => {
        terminating.delete(meta.name);
        this.purgeNamespace(meta.name);
      });
    });
  }

  /** A server on 127.0.0.1 with a free port; `url` is set when the promise resolves. */
  static async start(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(await testPki(), new ScriptedPodStreams(), options);
    const custom = (options.resources ?? DEFAULT_RESOURCES).filter(
      (resource) =>
        !BUILT_IN_RESOURCES.some(
          (builtIn) => builtIn.group === resource.group && builtIn.kind === resource.kind,
        ),
    );
    const crds = crdsFor(custom);
    for (const crd of crds) api.put(crd, "kubectl");
    for (const crd of crds) await api.whenEstablished(String((crd.metadata as { name: string }).name));
    for (const name of options.namespaces ?? []) {
      api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    }
    await api.listen(0, "127.0.0.1");
    return api;
  }

  /** Writes a kind-shaped kubeconfig (admin client certificate) whose contexts all point here. */
  async writeKubeconfig(options: { contexts?: string[]; current?: string } = {}): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "fake-kube-"));
    this.tempDirs.push(dir);
    const path = join(dir, "kubeconfig");
    await writeFile(path, this.kubeconfig(this.pki.admin, options), { mode: 0o600 });
    return path;
  }

  /** Log lines of a pod's container, each with its time (for sinceSeconds and timestamps). */
  setPodLog(namespace: string, pod: string, container: string, lines: LogLine[]): void {
    this.scripted.setLog(namespace, pod, container, lines);
  }

  onExec(handler: (call: ExecCall) => ExecResult | Promise<ExecResult>): void {
    this.scripted.onExec(handler);
  }

  /** Port `podPort` of the pod is served by 127.0.0.1:`localPort` (a server the test runs). */
  forwardPort(namespace: string, pod: string, podPort: number, localPort: number): void {
    this.scripted.forward(namespace, pod, podPort, localPort);
  }

  override async close(): Promise<void> {
    await super.close();
    for (const dir of this.tempDirs) await rm(dir, { recursive: true, force: true });
  }
}
