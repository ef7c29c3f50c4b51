// Wires the in-place sequence to a real cluster from `up`: the Kubernetes API (LB IPs, Gateways,
// CRDs), the cilium CLI (`cilium upgrade` with the run's values and kind overlay, then `up`'s two
// Cilium waits: `status --wait --ignore-warnings` and the release's rollouts),
// the HTTP probe and an ARP watch from a LAN client container. Thin: the logic is in
// in-place-sequence.ts, tested with doubles.

import path from "node:path";
import { k8sKubeAccessFactory } from "../../cluster/kube-access-k8s.ts";
import { loadManifestSource } from "../../cluster/manifest-source.ts";
import type { RunContext } from "../../cluster/run-context.ts";
import { createToolbox } from "../../cluster/toolbox.ts";
import { compatFor } from "../../compat/compat-for.ts";
import { crdEstablished, type WireCrd } from "../../decisions/crd-established.ts";
import { planGatewayApi } from "../../plan/gateway-api-plan.ts";
import { PLAN_FILES } from "../../plan/plan-commands.ts";
import type { WaitBudgets } from "../../plan/wait-budgets.ts";
import { ArpWatch } from "../../probes/arp-watch.ts";
import { createHttpProbe } from "../../probes/http-probe.ts";
import { LanClient, type StartedLanClient } from "../../probes/lan-client.ts";
import { dockerImageStore, resolveLanClientImage } from "../../probes/lan-client-image.ts";
import { CiliumCli } from "../../tools/cilium-cli.ts";
import { type Clock, systemClock } from "../../wait/clock.ts";
import { waitUntil } from "../../wait/wait-until.ts";
import { waitCiliumReadyAfterUpgrade } from "./cilium-ready-after-upgrade.ts";
import { type DisruptionProbe, measureFromArp } from "./disruption-probe.ts";
import { answeredBelow500, startHttpDisruptionProbe } from "./http-disruption-probe.ts";
import type { InPlaceSteps } from "./in-place-sequence.ts";
import { snapshotLoadBalancerIps } from "./lb-ip-snapshot.ts";
import { lanOnlyTargets, probeTargets } from "./probe-targets.ts";

export interface InPlaceClusterOptions {
  context: RunContext;
  fromVersion: string;
  toVersion: string;
  env: Record<string, string | undefined>;
  cwd: string;
  log(line: string): void;
  /** --verbose: each command line as it runs. */
  verbose?: ((line: string) => void) | undefined;
  runSuites: InPlaceSteps["runSuites"];
  forceContext?: boolean;
  /** The run's plan budgets (run-plan-budgets.ts): the same named waits as `up` and the suites. */
  waitBudgets: Pick<WaitBudgets, "gatewayApiCrdsEstablished" | "ciliumReady" | "ciliumRollouts">;
  /** `cilium upgrade` budget. Default 10 min. */
  upgradeTimeoutMs?: number;
  clock?: Clock;
  /** SIGINT/SIGTERM of the command: `cilium upgrade` and friends in flight then end. */
  interruption?: AbortSignal;
}

const FIELD_MANAGER = "cilium-conformance";
const GATEWAY_API = "gateway.networking.k8s.io/v1";

export function inPlaceClusterSteps(options: InPlaceClusterOptions): InPlaceSteps {
  const { context } = options;
  const clock = options.clock ?? systemClock;
  const kube = k8sKubeAccessFactory(
    { clusterName: context.clusterName, lanSubnet: context.network.subnet },
    options.forceContext ?? false,
  )(context.kubeconfigPath, context.kubeContext);
  const toolbox = createToolbox({
    env: options.env,
    cwd: options.cwd,
    ...(options.interruption ? { interruption: options.interruption } : {}),
    ...(options.verbose ? { verbose: options.verbose } : {}),
  });
  const cilium = new CiliumCli(toolbox.runner, toolbox.binary("cilium"));
  // `cilium upgrade` and `status` find the release in Cilium's namespace, not always kube-system.
  const target = {
    kubeconfigPath: context.kubeconfigPath,
    context: context.kubeContext,
    namespace: context.ciliumNamespace,
  };
  const planDir = path.join(path.dirname(context.planPath), "plan");
  const from = compatFor(options.fromVersion).gatewayApi.value;
  const toCompat = compatFor(options.toVersion);
  const crdsChange =
    from.version !== toCompat.gatewayApi.value.version || from.channel !== toCompat.gatewayApi.value.channel;

  return {
    clock,
    log: options.log,
    snapshotLbIps: async () => snapshotLoadBalancerIps(await kube.list("v1", "Service")),
    async startProbes(started) {
      const targets = probeTargets({
        gateways: await kube.list(GATEWAY_API, "Gateway"),
        services: await kube.list("v1", "Service"),
        httpRoutes: await kube.list(GATEWAY_API, "HTTPRoute"),
      });
      const http = answeredBelow500(createHttpProbe({ requestTimeoutMs: 2000 }));
      const lan = lanOnlyTargets(targets.http, options.context.network.subnet);
      for (const { url, why } of lan.refused) options.log(`  not probing ${url}: ${why}\n`);
      for (const t of lan.kept) {
        options.log(`  probing ${t.url}${t.host ? ` (Host: ${t.host})` : ""}\n`);
        started(
          startHttpDisruptionProbe(http, {
            name: t.name,
            target: { url: t.url, ...(t.host ? { host: t.host } : {}) },
            expected: { status: 200 },
            clock,
          }),
        );
      }
      if (targets.arp.length > 0)
        for (const watch of await startArpWatches(options, targets.arp)) started(watch);
    },
    upgradeGatewayApiCrds: crdsChange
      ? async () => {
          const plan = planGatewayApi(toCompat);
          for (const url of plan.urls)
            await kube.applyServerSide(await loadManifestSource(url), FIELD_MANAGER);
          for (const name of plan.crdNames) {
            await waitUntil({
              name: "gatewayApiCrdsEstablished",
              budgetMs: options.waitBudgets.gatewayApiCrdsEstablished,
              expectation: `CRD ${name} not Established`,
              clock,
              observe: async () => {
                const verdict = crdEstablished(
                  (await kube.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name)) as
                    | WireCrd
                    | undefined,
                );
                return { done: verdict.ok, seen: verdict.seen };
              },
            });
          }
        }
      : undefined,
    async upgradeCilium() {
      const values = [path.join(planDir, PLAN_FILES.values), path.join(planDir, PLAN_FILES.valuesOverlay)];
      const args = [
        "upgrade",
        "--version",
        options.toVersion,
        ...values.flatMap((file) => ["--values", file]),
      ];
      await cilium.run(args, target, { timeoutMs: options.upgradeTimeoutMs ?? 600_000 });
    },
    waitCiliumReady: () =>
      waitCiliumReadyAfterUpgrade({
        cilium,
        kube,
        target,
        budgets: options.waitBudgets,
        clock,
        log: options.log,
      }),
    runSuites: options.runSuites,
  };
}

async function startArpWatches(
  options: InPlaceClusterOptions,
  ips: readonly string[],
): Promise<DisruptionProbe[]> {
  const toolbox = createToolbox({
    env: options.env,
    cwd: options.cwd,
    ...(options.verbose ? { verbose: options.verbose } : {}),
  });
  const image = await resolveLanClientImage(
    { env: options.env },
    dockerImageStore(toolbox.runner, toolbox.binary("docker")),
  );
  const client: StartedLanClient = await new LanClient({
    network: options.context.network.name,
    image: image.image,
    runId: options.context.runId,
    docker: toolbox.docker,
  }).start();
  let remaining = ips.length;
  return ips.map((ip) => {
    const watch = ArpWatch.start(client, ip, { nodes: options.context.nodes });
    const name = `arp ${ip}`;
    return {
      name,
      async stop() {
        try {
          return measureFromArp(name, await watch.stop());
        } finally {
          remaining -= 1;
          if (remaining === 0) await client.stop().catch(() => undefined);
        }
      },
    };
  });
}
