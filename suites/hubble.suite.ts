// Hubble: relay reaches every node, sees this suite's traffic, and the UI serves. See docs/suites.md.

import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardedToEcho } from "../src/conformance/hubble/echo-flows.ts";
import { hubbleUiServes } from "../src/conformance/hubble/ui-page.ts";
import { CILIUM_AGENT } from "../src/conformance/suite-diagnostics.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { ExitCode } from "../src/errors.ts";
import { execInPod } from "../src/k8s/pod-exec.ts";
import { openPortForward } from "../src/k8s/port-forward.ts";
import { listObjects } from "../src/k8s/read-objects.ts";
import { pickReadyPod } from "../src/probes/hubble/relay-port-forward.ts";
import { type HubbleSession, openHubble, waitForRelayNodes } from "../src/probes/hubble.ts";
import { waitUntil } from "../src/wait/wait-until.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("hubble");
const BACKEND = "echo-hubble";
/** Hubble UI as the chart deploys it: kube-system, k8s-app=hubble-ui, serving on 8081. */
const HUBBLE_UI = { namespace: CILIUM_AGENT.namespace, labelSelector: "k8s-app=hubble-ui", port: 8081 };
let hubble: HubbleSession | undefined;
let trafficFrom: Date;

beforeAll(async () => {
  const images = workloadImages(process.env);
  await h.session.deploy("echo/echo-backend.yaml", { BACKEND, ECHO_IMAGE: images.echo, REPLICAS: 2 });
  await h.session.deploy("kube-proxy-replacement/client-pod.yaml", { CLIENT_IMAGE: images.client });
  await h.session.waitForDeployment(BACKEND);
  hubble = await openHubble(h.client.kubeConfig);
});

afterAll(async () => {
  await hubble?.close();
});

describe("Hubble", () => {
  it("relay sees every node and none unavailable", async () => {
    const status = await waitForRelayNodes(hubble!.relay, {
      expectedNodes: h.ctx.run.nodes.length,
      budgetMs: h.ctx.budgets.hubbleRelayReady,
    });
    expect(status.unavailableNodeNames).toEqual([]);
    expect(status.connectedNodes).toBe(h.ctx.run.nodes.length);
  });

  it("the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved", async () => {
    trafficFrom = new Date(Date.now() - 1000);
    const url = `http://${BACKEND}.${h.session.namespace}.svc:8080/`;
    await waitUntil({
      name: "podsReady",
      budgetMs: h.ctx.budgets.podsReady,
      expectation: "the client pod could not reach the echo backend",
      observe: async () => {
        const exec = await execInPod(h.client, {
          namespace: h.session.namespace,
          pod: "client",
          command: ["wget", "-q", "-T", "5", "-O", "-", url],
        });
        return { done: exec.exitCode === 0, seen: `wget exit ${exec.exitCode}` };
      },
    });
    const result = await waitUntil({
      name: "hubbleFlowsVisible",
      budgetMs: h.ctx.budgets.hubbleFlowsVisible,
      expectation: "no FORWARDED flow to the echo pods",
      exitCode: ExitCode.conformanceFailed,
      observe: async () => {
        const flows = await hubble!.relay.flows({ namespace: h.session.namespace, since: trafficFrom });
        const verdict = forwardedToEcho(flows.flows, h.session.namespace, [BACKEND]);
        return { done: verdict.ok, value: verdict.value, seen: verdict.seen };
      },
    });
    await h.attach("flows to the echo pods", result.value?.flows ?? []);
  });

  it("the UI serves its page through a port-forward", async () => {
    const { items } = await listObjects(h.client, {
      apiVersion: "v1",
      kind: "Pod",
      namespace: HUBBLE_UI.namespace,
      labelSelector: HUBBLE_UI.labelSelector,
    });
    const pod = pickReadyPod(items as never);
    expect(pod, `a ready Hubble UI pod (${HUBBLE_UI.labelSelector})`).toBeDefined();
    const forward = await openPortForward(h.client, {
      namespace: HUBBLE_UI.namespace,
      pod: pod ?? "",
      podPort: HUBBLE_UI.port,
    });
    try {
      const response = await request(`${forward.url}/`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
      const body = await response.body.text();
      const contentType = response.headers["content-type"];
      const verdict = hubbleUiServes(
        response.statusCode,
        Array.isArray(contentType) ? contentType[0] : contentType,
        body,
      );
      expect(
        verdict.ok,
        `${verdict.seen}${forward.errors.length ? `; port-forward: ${forward.errors.join("; ")}` : ""}`,
      ).toBe(true);
    } finally {
      await forward.close();
    }
  });
});
