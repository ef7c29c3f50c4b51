// Hubble: relay reaches every node, sees this suite's traffic, and the UI serves. See docs/suites.md.

import type { V1Pod, V1Service } from "@kubernetes/client-node";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ciliumComponents } from "../src/conformance/cilium-components.ts";
import { forwardedToEcho } from "../src/conformance/hubble/echo-flows.ts";
import { hubbleUiServes } from "../src/conformance/hubble/ui-page.ts";
import { resolveServiceTarget, serviceSelector } from "../src/conformance/hubble/ui-service-target.ts";
import { useSuiteHarness } from "../src/conformance/suite-harness.ts";
import { ExitCode } from "../src/errors.ts";
import { execInPod } from "../src/k8s/pod-exec.ts";
import { openPortForward } from "../src/k8s/port-forward.ts";
import { getObject, listObjects } from "../src/k8s/read-objects.ts";
import { type HubbleSession, openHubble, waitForRelayNodes } from "../src/probes/hubble.ts";
import { describeWgetExit, SUITE_WGET as WGET, wgetCommand } from "../src/probes/wget-command.ts";
import { waitUntil } from "../src/wait/wait-until.ts";
import { workloadImages } from "../src/workloads/workload-images.ts";

const h = useSuiteHarness("hubble");
const BACKEND = "echo-hubble";
let hubble: HubbleSession | undefined;
let trafficFrom: Date;

beforeAll(async () => {
  const images = workloadImages(process.env);
  await h.session.deploy("echo/echo-backend.yaml", { BACKEND, ECHO_IMAGE: images.echo, REPLICAS: 2 });
  await h.session.deploy("kube-proxy-replacement/client-pod.yaml", { CLIENT_IMAGE: images.client });
  await h.session.waitForDeployment(BACKEND);
  hubble = await openHubble(h.client.kubeConfig, ciliumComponents(h.ctx.run.ciliumNamespace).relay);
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
          command: wgetCommand(url, WGET),
        });
        return {
          done: exec.exitCode === 0,
          seen: describeWgetExit(exec.exitCode, exec.stderr || exec.stdout, WGET),
        };
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

  it("the UI serves its page through a port-forward to where its Service leads", async () => {
    const ui = ciliumComponents(h.ctx.run.ciliumNamespace).ui;
    const ref = { apiVersion: "v1", kind: "Service", namespace: ui.namespace, name: ui.service };
    h.session.track(ref);
    const service = (await getObject(h.client, ref)) as V1Service | undefined;
    expect(service, `the Service ${ref.namespace}/${ref.name} (hubble.ui.enabled)`).toBeDefined();
    const selector = service ? serviceSelector(service) : undefined;
    expect(selector, `the Service ${ref.name} has a selector`).toBeDefined();
    const { items } = await listObjects(h.client, {
      apiVersion: "v1",
      kind: "Pod",
      namespace: ref.namespace,
      labelSelector: selector ?? "",
    });
    const target = resolveServiceTarget(service as V1Service, ui.port, items as V1Pod[]);
    expect(target.ok, target.seen).toBe(true);
    const forward = await openPortForward(h.client, {
      namespace: ref.namespace,
      pod: target.value?.pod ?? "",
      podPort: target.value?.podPort ?? ui.port,
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
        `${target.seen}: ${verdict.seen}${forward.errors.length ? `; port-forward: ${forward.errors.join("; ")}` : ""}`,
      ).toBe(true);
    } finally {
      await forward.close();
    }
  });
});
