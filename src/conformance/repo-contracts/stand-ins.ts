// A stand-in answers for the app behind the repo's Services: a Deployment whose pods carry the
// Services' selector labels and run the Gateway API conformance echo backend (echo-basic) on each
// TCP port the Services send to. echo-basic (kubernetes-sigs/gateway-api v1.5.1
// conformance/echo-basic/echo-basic.go) serves HTTP on $HTTP_PORT and h2c on $H2C_PORT (default
// 3001; every server must bind, or it exits), names the Service in its answer from $SERVICE_NAME and
// the pod from $POD_NAME/$NAMESPACE; its image runs as nonroot (docker/Dockerfile.echo-basic), so a
// port below 1024 needs the pod sysctl net.ipv4.ip_unprivileged_port_start, which Kubernetes counts
// as safe since v1.22 (pkg/kubelet/sysctl/safe_sysctls.go; Pod Security "baseline" allows it).
// Services that select the same pods share one stand-in; a named targetPort becomes a container port
// of that name. UDP and SCTP ports are declared (so the Service has endpoints) but nothing answers them.

import { record } from "../../checks/gateway-api-objects.ts";
import type { BackendService } from "./backend-services.ts";

export interface EchoContainerPlan {
  /** The port echo-basic serves HTTP on (also any plain TCP connect). */
  port: number;
  h2cPort: number;
  /** The container port's name when a Service targets it by name. */
  portName: string | undefined;
  /** `namespace/name` of the Services whose traffic lands here (SERVICE_NAME lists their names). */
  services: string[];
}

export interface SilentPort {
  port: number;
  portName: string | undefined;
  protocol: string;
  services: string[];
}

export interface StandIn {
  namespace: string;
  /** The Deployment's name. */
  name: string;
  /** The Services' selector: the stand-in's pods carry exactly these labels (plus the run's). */
  selector: Record<string, string>;
  echoes: EchoContainerPlan[];
  /** Ports declared on the pod that no process answers (UDP, SCTP). */
  silent: SilentPort[];
  /** Whether a port below 1024 is served (the pod then sets the unprivileged-port sysctl). */
  lowPorts: boolean;
}

export interface StandInPlan {
  standIns: StandIn[];
  /** What cannot be stood in for: each a sentence for the report. */
  notes: string[];
}

/** Ports the echo containers pick from for named targetPorts and h2c listeners. */
const FIRST_FREE_PORT = 3000;
const MAX_NAME = 63;

interface PortWant {
  protocol: string;
  number: number | undefined;
  portName: string | undefined;
  service: string;
}

function portWants(service: BackendService): PortWant[] | string {
  const ports = record(service.body.spec).ports;
  if (!Array.isArray(ports) || ports.length === 0) return "it declares no ports";
  return ports.map((raw) => {
    const port = record(raw);
    const target = port.targetPort ?? port.port;
    const protocol = typeof port.protocol === "string" ? port.protocol : "TCP";
    return {
      protocol,
      number: typeof target === "number" ? target : undefined,
      portName: typeof target === "string" ? target : undefined,
      service: `${service.namespace}/${service.name}`,
    };
  });
}

function selectorOf(service: BackendService): Record<string, string> | undefined {
  const selector = record(service.body.spec).selector;
  if (!selector || typeof selector !== "object") return undefined;
  const entries = Object.entries(selector).filter(([, value]) => typeof value === "string");
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

function deploymentName(services: readonly string[]): string {
  const first = services[0]?.split("/")[1] ?? "backend";
  return `${first.slice(0, MAX_NAME - "-stand-in".length).replace(/-+$/, "")}-stand-in`;
}

function group(wants: readonly PortWant[]): { key: string; want: PortWant; services: string[] }[] {
  const groups = new Map<string, { key: string; want: PortWant; services: string[] }>();
  for (const want of wants) {
    const key = want.portName !== undefined ? `name:${want.portName}` : `${want.number}/${want.protocol}`;
    const found = groups.get(key) ?? { key, want, services: [] };
    if (!found.services.includes(want.service)) found.services.push(want.service);
    groups.set(key, found);
  }
  return [...groups.values()];
}

function buildStandIn(namespace: string, selector: Record<string, string>, wants: PortWant[]): StandIn {
  const groups = group(wants);
  const used = new Set(groups.flatMap((g) => (g.want.number !== undefined ? [g.want.number] : [])));
  let next = FIRST_FREE_PORT;
  const free = () => {
    while (used.has(next)) next += 1;
    used.add(next);
    return next;
  };
  const resolved = groups.map((g) => ({ ...g, port: g.want.number ?? free() }));
  const echoes: EchoContainerPlan[] = resolved
    .filter((g) => g.want.protocol === "TCP")
    .map((g) => ({ port: g.port, h2cPort: 0, portName: g.want.portName, services: g.services }));
  const silent: SilentPort[] = resolved
    .filter((g) => g.want.protocol !== "TCP")
    .map((g) => ({
      port: g.port,
      portName: g.want.portName,
      protocol: g.want.protocol,
      services: g.services,
    }));
  // A pod needs a process even when every port is UDP: one echo on a free port carries the declarations.
  if (echoes.length === 0) echoes.push({ port: free(), h2cPort: 0, portName: undefined, services: [] });
  for (const echo of echoes) echo.h2cPort = free();
  const services = [...new Set(wants.map((want) => want.service))];
  return {
    namespace,
    name: deploymentName(services),
    selector,
    echoes,
    silent,
    lowPorts: echoes.some((echo) => echo.port < 1024),
  };
}

export function planStandIns(services: readonly BackendService[]): StandInPlan {
  const notes: string[] = [];
  const groups = new Map<
    string,
    { namespace: string; selector: Record<string, string>; wants: PortWant[] }
  >();
  for (const service of services) {
    const name = `Service ${service.namespace}/${service.name}`;
    const selector = selectorOf(service);
    if (!selector) {
      notes.push(
        `${name} has no selector (its endpoints are managed by hand): no stand-in can answer for it, so requests to it are expected to fail`,
      );
      continue;
    }
    const wants = portWants(service);
    if (typeof wants === "string") {
      notes.push(`${name}: ${wants}, so no stand-in answers for it`);
      continue;
    }
    const key = `${service.namespace}/${JSON.stringify(Object.entries(selector).sort())}`;
    const found = groups.get(key) ?? { namespace: service.namespace, selector, wants: [] };
    found.wants.push(...wants);
    groups.set(key, found);
  }
  // Silent ports are named by the LoadBalancer Service contracts (with file:line); a route never
  // sends UDP, so a silent port of any other Service proves nothing either way.
  const standIns = [...groups.values()].map((g) => buildStandIn(g.namespace, g.selector, g.wants));
  return { standIns, notes };
}
