import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../../../rehearsal/cilium-cli/run-cli.ts";
import type { FakeKubeApi } from "../../../support/fake-kube-api.ts";
import { recordingIo, startRehearsalApi } from "../../support/rehearsal-api.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape codes
const strip = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

// A workload the API server accepts: its selector matches its template's labels, which has a container.
function workloadSpec(name: string) {
  return {
    selector: { matchLabels: { "k8s-app": name } },
    template: {
      metadata: { labels: { "k8s-app": name } },
      spec: { containers: [{ name, image: `quay.io/cilium/${name}:v1.18.11` }] },
    },
  };
}

function daemonSet(name: string, ready: number) {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "kube-system", generation: 1 },
    spec: workloadSpec(name),
    status: {
      observedGeneration: 1,
      desiredNumberScheduled: 2,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: 2,
      numberUnavailable: 2 - ready,
    },
  };
}

function deployment(name: string, ready: number) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "kube-system", generation: 1 },
    spec: { replicas: 1, ...workloadSpec(name) },
    status: {
      observedGeneration: 1,
      replicas: 1,
      readyReplicas: ready,
      availableReplicas: ready,
      updatedReplicas: 1,
      ...(ready ? {} : { unavailableReplicas: 1 }),
    },
  };
}

function pod(
  name: string,
  labels: Record<string, string>,
  phase: string,
  image: string,
  container = "cilium-agent",
) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system", labels },
    spec: { nodeName: "kind-worker", hostNetwork: true, containers: [{ name: container, image }] },
    status: {
      phase,
      containerStatuses: [
        {
          name: container,
          state: phase === "Running" ? { running: {} } : { waiting: { reason: "ContainerCreating" } },
        },
      ],
    },
  };
}

async function cluster(options: { relayPending?: boolean; agentHealth?: string } = {}) {
  const started = await startRehearsalApi();
  api = started.api;
  api.put(daemonSet("cilium", 2));
  api.put(deployment("cilium-operator", 1));
  api.put(deployment("hubble-relay", options.relayPending ? 0 : 1));
  api.put({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cilium-config", namespace: "kube-system" },
    data: {},
  });
  api.put(pod("cilium-a", { "k8s-app": "cilium" }, "Running", "quay.io/cilium/cilium:v1.18.11"));
  api.put(pod("cilium-b", { "k8s-app": "cilium" }, "Running", "quay.io/cilium/cilium:v1.18.11"));
  api.put(
    pod(
      "cilium-operator-x",
      { "io.cilium/app": "operator", name: "cilium-operator" },
      "Running",
      "quay.io/cilium/operator-generic:v1.18.11",
      "cilium-operator",
    ),
  );
  api.put(
    pod(
      "hubble-relay-y",
      { "k8s-app": "hubble-relay" },
      options.relayPending ? "Pending" : "Running",
      "quay.io/cilium/hubble-relay:v1.18.11",
      "hubble-relay",
    ),
  );
  const execs: string[] = [];
  api.onExec((call) => {
    execs.push(`${call.pod}/${call.container}: ${call.command.join(" ")}`);
    if (call.command.join(" ") === "cilium status -o json") {
      return {
        stdout: JSON.stringify({
          cilium: { state: "Ok" },
          kubernetes: { state: "Ok" },
          cluster: { ciliumHealth: { state: options.agentHealth ?? "Ok", msg: "1/2 nodes reachable" } },
        }),
      };
    }
    return { stdout: JSON.stringify([{ status: { state: "ready" } }]) };
  });
  return { kubeconfig: started.kubeconfig, execs };
}

describe("cilium status", () => {
  it("summarises a healthy installation, asking every running agent over exec", async () => {
    const { kubeconfig, execs } = await cluster();
    const io = recordingIo({ KUBECONFIG: kubeconfig });
    expect(await runCli(["status", "--interactive=false"], io)).toBe(0);
    const text = strip(io.out);
    expect(text).toMatch(/Cilium:\s+OK/);
    expect(text).toMatch(/Envoy DaemonSet:\s+disabled \(using embedded mode\)/);
    expect(text).toMatch(/DaemonSet\s+cilium\s+Desired: 2, Ready: 2\/2, Available: 2\/2/);
    expect(text).toMatch(/Image versions\s+cilium\s+quay\.io\/cilium\/cilium:v1\.18\.11: 2/);
    expect(execs.sort()).toEqual([
      "cilium-a/cilium-agent: cilium endpoint list -o json",
      "cilium-a/cilium-agent: cilium status -o json",
      "cilium-b/cilium-agent: cilium endpoint list -o json",
      "cilium-b/cilium-agent: cilium status -o json",
    ]);
  });

  it("waits until ready, and fails the wait on warnings unless they are ignored", async () => {
    const { kubeconfig } = await cluster({ relayPending: true });
    const io = recordingIo({ KUBECONFIG: kubeconfig });
    expect(await runCli(["status", "--wait", "--wait-duration", "6s", "--interactive=false"], io)).toBe(1);
    expect(strip(io.err)).toContain("Hubble Relay:       1 errors, 2 warnings");
    expect(io.err).toContain(
      "\nError: Unable to determine status:  timeout while waiting for status to become successful: context deadline exceeded\n",
    );
    // A pending relay pod is both an error (not ready) and warnings: --ignore-warnings does not help.
    const again = recordingIo({ KUBECONFIG: kubeconfig });
    expect(
      await runCli(
        ["status", "--wait", "--wait-duration", "4s", "--ignore-warnings", "--interactive=false"],
        again,
      ),
    ).toBe(1);
  });

  it("turns an agent subsystem warning into a warning that only --ignore-warnings lets pass", async () => {
    const { kubeconfig } = await cluster({ agentHealth: "Warning" });
    const strict = recordingIo({ KUBECONFIG: kubeconfig });
    expect(await runCli(["status", "--wait", "--wait-duration", "4s", "--interactive=false"], strict)).toBe(
      1,
    );
    expect(strip(strict.err)).toMatch(/Warnings:\s+cilium\s+cilium-a\s+Health: 1\/2 nodes reachable/);
    const lenient = recordingIo({ KUBECONFIG: kubeconfig });
    expect(
      await runCli(
        ["status", "--wait", "--wait-duration", "4s", "--ignore-warnings", "--interactive=false"],
        lenient,
      ),
    ).toBe(0);
  });

  it("fails with the collection error when the agent DaemonSet is missing", async () => {
    const started = await startRehearsalApi();
    api = started.api;
    const io = recordingIo({ KUBECONFIG: started.kubeconfig });
    expect(await runCli(["status"], io)).toBe(1);
    expect(io.err).toContain('status check failed: [daemonsets.apps "cilium" not found');
  });
});
