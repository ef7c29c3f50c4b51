// Wires the agent's parts in cilium-agent's start order and keeps them running; returns a handle
// that stops them (releasing L2 leases, as the agent does on SIGTERM).

import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Server as HttpServer } from "node:http";
import { basename, dirname, join } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { activeFaults } from "../../faults/faults.ts";
import type { KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { type MountTable, resolveContainerPath } from "../container-path.ts";
import { type ChangeNotification, peerFullname, peerTlsServerName } from "../hubble/hubble-protos.ts";
import type { Logger } from "../log-line.ts";
import {
  AGENT_FAULTS,
  announcerFaults,
  hubbleFaultNode,
  isFaultTarget,
  responderFaults,
} from "./agent-faults.ts";
import { ClusterState } from "./cluster-state.ts";
import { CNI_BACKUP_SUFFIX, ciliumConflist, foreignCniConfigs } from "./cni/cni-conflist.ts";
import { CNI_SOCKET_PATH } from "./cni/cni-protocol.ts";
import { serveCni } from "./cni/cni-server.ts";
import { EndpointStore } from "./cni/endpoint-store.ts";
import type { AgentConfig } from "./config/agent-config.ts";
import { nodeCommandRunner } from "./datapath/command-runner.ts";
import { existingRouterIp, setupHostDevice } from "./datapath/host-device.ts";
import { syncNodeRoutes } from "./datapath/node-routes.ts";
import { selectDevices } from "./devices/device-selection.ts";
import { readLinkFacts } from "./devices/link-facts.ts";
import { ciliumPodLabels, identityFor, type PodFacts } from "./hubble/endpoint-identity.ts";
import type { ClusterView } from "./hubble/endpoint-resolver.ts";
import { createFlowRecorder } from "./hubble/flow-recorder.ts";
import { FlowRing } from "./hubble/flow-ring.ts";
import { createHubbleServer, listenHubble } from "./hubble/hubble-server.ts";
import { HostScopeAllocator } from "./ipam/host-scope-allocator.ts";
import {
  installCiliumChains,
  installKubeProxyChains,
  installKubeProxyNftTable,
} from "./iptables/install-chains.ts";
import { ArpResponder } from "./l2/arp-responder.ts";
import { L2Announcer } from "./l2/l2-announcer.ts";
import type { L2Policy, L2Service } from "./l2/l2-selection.ts";
import { sanitiseLeaseTimings } from "./l2/lease-timings.ts";
import {
  ciliumNodePodCidr,
  internalIp,
  type NodeObject,
  nodePodCidr,
  waitForLocalNode,
} from "./local-node.ts";
import { ENVOY_L7LB_SOCKET, envoyHandoff } from "./services/l7-handoff.ts";
import { ServiceProxy } from "./services/service-proxy.ts";
import { ServicesController } from "./services/services-controller.ts";
import { AGENT_SOCKET_PATH } from "./status/agent-api-path.ts";
import { serveAgentApi, serveHealth } from "./status/agent-api-server.ts";
import { agentStatus } from "./status/agent-status.ts";
import { endpointModel } from "./status/endpoint-model.ts";

export interface AgentStartOptions {
  config: AgentConfig;
  values: Record<string, string>;
  env: Record<string, string | undefined>;
  mounts: MountTable;
  nodeName: string;
  client: KubeRestClient;
  log: Logger;
}

interface PodObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string; serviceAccountName?: string; hostNetwork?: boolean };
  status?: { podIP?: string };
}

export async function startAgent(options: AgentStartOptions): Promise<{ stop(): Promise<void> }> {
  const { config, env, mounts, nodeName, client, log } = options;
  const faults = new Set(activeFaults(env));
  const has = (name: string) => faults.has(name);
  const path = (p: string) => resolveContainerPath(mounts, p);
  const run = nodeCommandRunner();
  const startedAt = Date.now();
  const namespace = env.CILIUM_K8S_NAMESPACE || "default";

  const { waitForApiServer } = await import("./startup/wait-for-apiserver.ts");
  await waitForApiServer(client, log.with({ subsys: "k8s-client" }));
  const k8sVersion = await client
    .get<{ gitVersion?: string; major?: string; minor?: string; platform?: string }>("/version")
    .then((v) =>
      v
        ? `${v.major}.${(v.minor ?? "").replace("+", "")} (${v.gitVersion}) [${v.platform ?? "linux/amd64"}]`
        : undefined,
    )
    .catch(() => undefined);

  const local = await waitForLocalNode(client, nodeName, config.ipam, log);
  const podCidr = local.podCidr;
  log.info("Retrieved node information from kubernetes node", { nodeName, ipv4: local.ip, podCIDR: podCidr });

  const links = await readLinkFacts(run);
  const devices = selectDevices(links, config.devices);
  log.info("Detected devices", { devices: devices.map((d) => d.name).join(",") });

  const ipam = new HostScopeAllocator(podCidr);
  const store = new EndpointStore(path("/var/run/cilium/state/rehearsal-endpoints.json"));
  const routerIp = (await existingRouterIp(run, podCidr)) ?? ipam.allocateNext("router");
  if (!ipam.allocations()[routerIp]) ipam.allocate(routerIp, "router");
  for (const endpoint of store.all()) {
    try {
      ipam.allocate(endpoint.ip, `${endpoint.namespace}/${endpoint.name}`);
    } catch {
      store.remove(endpoint.containerId);
    }
  }
  await setupHostDevice(run, routerIp, podCidr);

  const state = new ClusterState({
    client,
    log,
    l2Announcements: config.l2Announcements.enabled,
    envoyConfigs: config.enableEnvoyConfig || config.enableGatewayApi,
  });
  state.start();
  await state.synced();
  const nodes = () => state.list<NodeObject>("nodes");
  const target = isFaultTarget(
    nodeName,
    nodes().map((n) => n.metadata.name),
  );

  const clusterRange =
    config.ipv4NativeRoutingCidr ??
    (config.ipam === "cluster-pool" ? config.clusterPoolIpv4Cidr[0] : undefined);
  let iptablesBackend: "nft" | "legacy" | undefined;
  if (config.installIptablesRules) {
    iptablesBackend = await installCiliumChains(run, {
      podCidr,
      snatExclusionCidr: clusterRange ?? "10.244.0.0/16",
      masquerade: config.enableIpv4Masquerade && !config.enableBpfMasquerade,
    });
  }
  if (target && has(AGENT_FAULTS.kprKubeProxyChainsLegacy)) await installKubeProxyChains(run, "legacy");
  if (target && has(AGENT_FAULTS.kprKubeProxyChainsNft)) await installKubeProxyChains(run, "nft");
  if (target && has(AGENT_FAULTS.kprKubeProxyNftTable)) await installKubeProxyNftTable(run);

  const remoteCidr = (node: NodeObject) => (config.ipam === "kubernetes" ? nodePodCidr(node) : undefined);
  const ciliumNodeCidrs = new Map<string, string>();
  const syncRoutes = async () => {
    const routes = nodes()
      .filter((n) => n.metadata.name !== nodeName)
      .map((n) => ({ cidr: remoteCidr(n) ?? ciliumNodeCidrs.get(n.metadata.name), via: internalIp(n) }))
      .filter((r): r is { cidr: string; via: string } => Boolean(r.cidr && r.via));
    await syncNodeRoutes(run, routes).catch((error: unknown) =>
      log.warn("Failed to sync node routes", { error: String(error) }),
    );
  };
  if (config.ipam !== "kubernetes") {
    const poll = async () => {
      const list = await client
        .list<{ metadata: { name: string }; spec?: { ipam?: { podCIDRs?: string[] } } }>(
          "/apis/cilium.io/v2/ciliumnodes",
        )
        .catch(() => undefined);
      for (const item of list?.items ?? []) {
        const cidr = ciliumNodePodCidr(item);
        if (cidr) ciliumNodeCidrs.set(item.metadata.name, cidr);
      }
      await syncRoutes();
    };
    await poll();
    setInterval(() => void poll(), 5000).unref();
  }
  await syncRoutes();

  const timings = sanitiseLeaseTimings(config.l2Announcements);
  for (const warning of timings.warnings) log.warn(warning, { subsys: "l2-announcer" });
  const responder = new ArpResponder(run, {
    livenessMs: timings.timings.leaseDurationMs,
    faults: responderFaults(has),
    log: (level, message, fields) => log[level](message, { subsys: "l2-responder", ...fields }),
  });
  await responder.start();

  // Hubble
  const ring = new FlowRing(config.hubble.eventBufferCapacity);
  const podsByIp = () => {
    const map = new Map<string, PodFacts>();
    const nsLabels = new Map(
      state
        .list<{ metadata: { name: string; labels?: Record<string, string> } }>("namespaces")
        .map((n) => [n.metadata.name, n.metadata.labels ?? {}]),
    );
    for (const pod of state.list<PodObject>("pods")) {
      const ip = pod.status?.podIP;
      if (!ip || pod.spec?.hostNetwork) continue;
      const ns = pod.metadata.namespace ?? "default";
      map.set(ip, {
        namespace: ns,
        name: pod.metadata.name,
        nodeName: pod.spec?.nodeName ?? "",
        ip,
        labels: pod.metadata.labels ?? {},
        serviceAccount: pod.spec?.serviceAccountName ?? "default",
        namespaceLabels: nsLabels.get(ns) ?? {},
      });
    }
    return map;
  };
  let podIndex = podsByIp();
  state.onChange((kind) => {
    if (kind === "pods" || kind === "namespaces") podIndex = podsByIp();
  });
  const view: ClusterView = {
    podByIp: (ip) => {
      const pod = podIndex.get(ip);
      if (pod) return pod;
      const endpoint = store.all().find((e) => e.ip === ip);
      return endpoint
        ? {
            namespace: endpoint.namespace,
            name: endpoint.name,
            nodeName,
            ip,
            labels: {},
            serviceAccount: "default",
            namespaceLabels: {},
          }
        : undefined;
    },
    isLocalNodeIp: (ip) => ip === local.ip || ip === routerIp || links.some((l) => l.ipv4.includes(ip)),
    isRemoteNodeIp: (ip) => nodes().some((n) => n.metadata.name !== nodeName && internalIp(n) === ip),
    endpointIdOf: (ns, name) => store.byPod(ns, name)?.endpointId,
  };
  const hubbleNodeName = peerFullname(nodeName, config.clusterName);
  const recorder = createFlowRecorder({
    ring,
    view,
    clusterName: config.clusterName,
    nodeName,
    hubbleNodeName,
    podNames: !has(AGENT_FAULTS.hubbleNoPodNames),
    disabled: !config.hubble.enabled || has(AGENT_FAULTS.hubbleNoFlows),
  });

  // Service load-balancing
  const proxy = new ServiceProxy({
    report: recorder,
    log: log.with({ subsys: "service-lb" }),
    l7Handoff: envoyHandoff(path(ENVOY_L7LB_SOCKET), (frontend, error) =>
      log.warn("Unable to reach the node's Envoy for an L7 load balancer", {
        frontend: frontend.key,
        error: error.message,
      }),
    ),
  });
  const nodePortAddresses = devices.flatMap((d) => d.ipv4);
  const services = new ServicesController({
    state,
    proxy,
    responder,
    run,
    nodeName,
    nodePortAddresses: () => nodePortAddresses,
    nodePortRange: config.nodePortRange,
    serveNodePorts: () => config.kubeProxyReplacement && !(target && has(AGENT_FAULTS.kprNodePortUnanswered)),
    log,
  });
  state.onChange((kind) => {
    if (kind === "services" || kind === "endpointSlices" || kind === "envoyConfigs" || kind === "pods")
      services.changed();
    if (kind === "nodes") void syncRoutes();
  });
  await services.sync();

  // L2 announcements
  let announcer: L2Announcer | undefined;
  if (config.l2Announcements.enabled) {
    announcer = new L2Announcer({
      client,
      namespace,
      nodeName,
      timings: timings.timings,
      responder,
      faults: announcerFaults(has),
      log: log.with({ subsys: "l2-announcer" }),
      inputs: {
        policies: () => state.list<L2Policy>("l2Policies"),
        services: () => state.list<L2Service>("services"),
        nodeLabels: () => nodes().find((n) => n.metadata.name === nodeName)?.metadata.labels ?? {},
        devices: () => devices.map((d) => d.name),
      },
    });
    state.onChange((kind) => {
      if (kind === "l2Policies" || kind === "services" || kind === "nodes") announcer?.changed();
    });
    announcer.start();
  }

  // Hubble server (observer + peer)
  let hubble: grpc.Server | undefined;
  if (config.hubble.enabled) {
    const peerListeners = new Set<(c: ChangeNotification) => void>();
    const port = Number(config.hubble.listenAddress?.split(":").at(-1) || "4244");
    const notification = (n: NodeObject, type: ChangeNotification["type"]): ChangeNotification => ({
      name: peerFullname(n.metadata.name, config.clusterName),
      address: `${internalIp(n) ?? ""}:${port}`,
      type,
      ...(config.hubble.disableTls
        ? {}
        : { tls: { server_name: peerTlsServerName(n.metadata.name, config.clusterName) } }),
    });
    let known = new Map(nodes().map((n) => [n.metadata.name, n]));
    state.onChange((kind) => {
      if (kind !== "nodes") return;
      const next = new Map(nodes().map((n) => [n.metadata.name, n]));
      for (const [name, node] of next)
        if (!known.has(name)) for (const l of peerListeners) l(notification(node, "PEER_ADDED"));
      for (const [name, node] of known)
        if (!next.has(name)) for (const l of peerListeners) l(notification(node, "PEER_DELETED"));
      known = next;
    });
    hubble = createHubbleServer({
      ring,
      nodeName: hubbleNodeName,
      version: options.values["cilium-version"] ?? "rehearsal",
      log,
      startedAt,
      peers: {
        current: () =>
          nodes()
            .filter((n) => internalIp(n))
            .map((n) => notification(n, "PEER_ADDED")),
        subscribe: (listener) => {
          peerListeners.add(listener);
          return () => peerListeners.delete(listener);
        },
      },
    });
    const tls =
      config.hubble.disableTls || !config.hubble.tlsCertFile || !config.hubble.tlsKeyFile
        ? undefined
        : {
            cert: readFileSync(path(config.hubble.tlsCertFile)),
            key: readFileSync(path(config.hubble.tlsKeyFile)),
            clientCa: config.hubble.tlsClientCaFiles[0]
              ? readFileSync(path(config.hubble.tlsClientCaFiles[0]))
              : undefined,
          };
    await listenHubble(
      hubble,
      {
        socketPath: path(config.hubble.socketPath),
        ...(config.hubble.listenAddress ? { tcp: `0.0.0.0:${port}` } : {}),
        ...(tls ? { tls } : {}),
      },
      log.with({ subsys: "hubble" }),
    );
    if (has(AGENT_FAULTS.hubbleServerDownOnOneNode)) {
      // The fault stops one Hubble server once hubble-relay is placed, on a node it is not on.
      state.onChange((kind) => {
        if (kind !== "pods" || !hubble) return;
        const relayNodes = state
          .list<PodObject>("pods")
          .filter((pod) => pod.metadata.labels?.["k8s-app"] === "hubble-relay" && pod.spec?.nodeName)
          .map((pod) => pod.spec?.nodeName ?? "");
        const names = nodes().map((n) => n.metadata.name);
        if (hubbleFaultNode(names, relayNodes) !== nodeName) return;
        log.info("Hubble server stopped (fault hubble-relay-missing-node)", { subsys: "hubble" });
        hubble.forceShutdown();
        hubble = undefined;
      });
    }
  }

  // The agent API for cilium-dbg, the health endpoint, the CNI socket.
  const cniFile = config.writeCniConfWhenReady;
  const status = () =>
    agentStatus({
      version: options.values["cilium-version"] ?? "rehearsal",
      kubernetes: { reachable: true, version: k8sVersion, apis: K8S_APIS },
      kubeProxyReplacement: config.kubeProxyReplacement && !(target && has(AGENT_FAULTS.kprStatusFalse)),
      devices: devices.map((d) => ({ name: d.name, ips: [...d.ipv4, ...d.ipv6] })),
      ipamStatus: `IPv4: ${ipam.status()}, `,
      routingMode: config.routingMode,
      tunnelProtocol: options.values["tunnel-protocol"] || "vxlan",
      masquerade: { ipv4: config.enableIpv4Masquerade, bpf: config.enableBpfMasquerade },
      cniFile,
      hubble: config.hubble.enabled
        ? {
            enabled: true,
            currentFlows: ring.length,
            maxFlows: ring.capacity,
            seenFlows: ring.seenFlows,
            uptimeNs: (Date.now() - startedAt) * 1e6,
          }
        : undefined,
      controllers: CONTROLLERS.map((name) => ({ name })),
      routerIp,
      l7Proxy: config.enableL7Proxy,
    });
  const hostEndpointId = 1 + (Number.parseInt(nodeName.replace(/\D/g, "") || "0", 10) % 4000);
  const endpoints = () => [
    endpointModel({ id: hostEndpointId, ip: undefined, identity: 1, labels: ["reserved:host"] }),
    ...store.all().map((record) => {
      const pod = view.podByIp(record.ip);
      const labels = pod ? ciliumPodLabels(pod, config.clusterName) : [];
      return endpointModel({
        id: record.endpointId,
        ip: record.ip,
        identity: identityFor(labels),
        labels,
        namespace: record.namespace,
        podName: record.name,
        containerId: record.containerId,
        interfaceName: record.hostIfName,
      });
    }),
  ];
  const servers: HttpServer[] = [await serveAgentApi(path(AGENT_SOCKET_PATH), status, endpoints)];
  servers.push(await serveHealth(Number(options.values["agent-health-port"] || "9879"), () => true));
  servers.push(
    await serveCni(path(CNI_SOCKET_PATH), { run, ipam, store, routerIp, log: log.with({ subsys: "cni" }) }),
  );

  if (cniFile) {
    const target = path(cniFile);
    const dir = dirname(target);
    if (config.cniExclusive) {
      for (const other of foreignCniConfigs(readdirSync(dir), basename(target))) {
        renameSync(join(dir, other), join(dir, `${other}${CNI_BACKUP_SUFFIX}`));
      }
    }
    writeFileSync(`${target}.tmp`, ciliumConflist({ debug: false, logFile: config.cniLogFile }));
    renameSync(`${target}.tmp`, target);
    log.info("Wrote CNI configuration file", { cniConfPath: cniFile });
  }
  log.info("Daemon initialization completed", { iptables: iptablesBackend ?? "not installed" });

  return {
    stop: async () => {
      await announcer?.stop();
      await responder.stop();
      await proxy.close();
      for (const server of servers) server.close();
      hubble?.forceShutdown();
      await state.stop();
    },
  };
}

const K8S_APIS = [
  "cilium/v2::CiliumClusterwideNetworkPolicy",
  "cilium/v2::CiliumEndpoint",
  "cilium/v2::CiliumNetworkPolicy",
  "cilium/v2::CiliumNode",
  "cilium/v2alpha1::CiliumL2AnnouncementPolicy",
  "core/v1::Namespace",
  "core/v1::Pods",
  "core/v1::Service",
  "discovery/v1::EndpointSlice",
  "networking.k8s.io/v1::NetworkPolicy",
];

const CONTROLLERS = [
  "endpoint-gc",
  "ipcache-inject-labels",
  "k8s-heartbeat",
  "link-cache",
  "node-neighbor-link-updater",
  "sync-host-ips",
  "sync-lb-maps-with-k8s-services",
];
