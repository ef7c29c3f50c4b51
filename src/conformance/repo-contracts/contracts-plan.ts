// What `plan` shows of the repo-contracts suite before anything runs: the objects it applies (in
// order, each with where it comes from or why it is made up), the stand-ins, the report cases with
// the requests each sends, and what it cannot prove here. Plain JSON, like the rest of the plan.

import { namespaceOf } from "../../checks/gateway-api-objects.ts";
import type { ContractSet } from "./contract-set.ts";
import { sharingGroups } from "./lb-service-contracts.ts";
import type { ContractProbe } from "./request-derivation.ts";

export interface RepoContractsPlan {
  /** Objects in the order the suite applies them: `Service monitoring/grafana (made up: …)`. */
  apply: string[];
  /** One line per stand-in: where, which labels, which ports answer. */
  standIns: string[];
  /** Report cases, each with the requests it sends. */
  cases: { name: string; requests: string[] }[];
  notProven: string[];
}

function describeProbe(probe: ContractProbe): string {
  const { request, expect } = probe;
  const headers = Object.entries(request.headers).map(([name, value]) => ` ${name}: ${value}`);
  const query = new URLSearchParams(Object.entries(request.query)).toString();
  const wanted =
    expect.kind === "backend"
      ? `Service ${expect.backends.map((backend) => `${backend.namespace}/${backend.service}`).join(" | ")}`
      : expect.kind === "redirect"
        ? `${expect.status} to ${expect.location}`
        : expect.kind === "status"
          ? `${expect.status}`
          : `not asserted (${expect.reason})`;
  return `${request.method} ${request.host}${request.path}${query ? `?${query}` : ""}${headers.join(",")} → ${wanted}`;
}

/** The case name of a rule: its title, with the Gateway port when the route sits on several. */
export function ruleCaseName(title: string, gateway: string, port: number, manyPorts: boolean): string {
  return manyPorts ? `${title} via Gateway ${gateway} port ${port}` : title;
}

export function gatewayName(set: ContractSet["ports"][number]): string {
  return `${namespaceOf(set.gateway)}/${set.gateway.name}`;
}

export function planRepoContracts(set: ContractSet): RepoContractsPlan {
  const apply = [
    ...set.namespaces.map((name) => `Namespace ${name} (created when the cluster lacks it, removed after)`),
    ...set.backends.map((backend) =>
      backend.manifest
        ? `Service ${backend.namespace}/${backend.name} (${backend.manifest.location.file}:${backend.manifest.location.line})`
        : `Service ${backend.namespace}/${backend.name} (made up: ${backend.deviation})`,
    ),
    ...set.standIns.standIns.map((standIn) => `Deployment ${standIn.namespace}/${standIn.name} (stand-in)`),
    ...set.gateways.map(
      (gateway) =>
        `Gateway ${namespaceOf(gateway)}/${gateway.name} (${gateway.location.file}:${gateway.location.line})`,
    ),
    ...set.routes.map(
      (route) =>
        `HTTPRoute ${namespaceOf(route)}/${route.name} (${route.location.file}:${route.location.line})`,
    ),
  ];
  const standIns = set.standIns.standIns.map((standIn) => {
    const labels = Object.entries(standIn.selector)
      .map(([key, value]) => `${key}=${value}`)
      .join(",");
    const ports = [
      ...standIn.echoes.map((echo) => `${echo.portName ?? echo.port}→${echo.port}/TCP echo`),
      ...standIn.silent.map((port) => `${port.portName ?? port.port}→${port.port}/${port.protocol} silent`),
    ];
    return `${standIn.namespace}/${standIn.name} [${labels}] ${ports.join(", ")}${standIn.lowPorts ? " (sysctl net.ipv4.ip_unprivileged_port_start=0)" : ""}`;
  });
  const routeNames = new Map<string, number>();
  for (const port of set.ports)
    for (const rule of port.rules) routeNames.set(rule.id, (routeNames.get(rule.id) ?? 0) + 1);
  const cases: RepoContractsPlan["cases"] = set.gateways.map((gateway) => ({
    name: gatewayCaseName(gateway),
    requests: [],
  }));
  for (const port of set.ports) {
    for (const rule of port.rules) {
      cases.push({
        name: ruleCaseName(rule.title, gatewayName(port), port.port, (routeNames.get(rule.id) ?? 0) > 1),
        requests: [
          ...rule.probes.map(describeProbe),
          ...rule.notDerived.map((note) => `not derived: ${note}`),
        ],
      });
    }
    cases.push({ name: unmatchedCaseName(port), requests: port.unmatched.map(describeProbe) });
  }
  for (const service of set.lbServices) {
    cases.push({
      name: lbCaseName(service),
      requests: service.notHandled
        ? []
        : service.tcpPorts.map((port) => `HTTP to its address, port ${port.port}`),
    });
  }
  for (const [key, members] of sharingGroups(set.lbServices)) {
    cases.push({ name: sharingCaseName(key, members), requests: [] });
  }
  return { apply, standIns, cases, notProven: set.notProven };
}

/** The case of one of the repo's Gateways: Programmed, with an address from the repo's pools. */
export function gatewayCaseName(gateway: ContractSet["gateways"][number]): string {
  return `Gateway ${namespaceOf(gateway)}/${gateway.name} (${gateway.location.file}:${gateway.location.line}) is Programmed with an address from the repo's pools`;
}

export function unmatchedCaseName(port: ContractSet["ports"][number]): string {
  return `requests no rule takes on Gateway ${gatewayName(port)} port ${port.port} get 404`;
}

export function lbCaseName(service: ContractSet["lbServices"][number]): string {
  const wants =
    service.requested.length > 0
      ? `the address it asks for (${service.requested.join(", ")})`
      : "an address from a pool";
  const announced = service.announcedBy.length > 0 ? ", announced by its Lease holder" : "";
  const answers = service.tcpPorts.length > 0 ? " and answers on its TCP ports" : "";
  return `${service.title} gets ${wants}${announced}${answers}`;
}

export function sharingCaseName(key: string, members: readonly ContractSet["lbServices"][number][]): string {
  return `Services ${members.map((member) => `${member.namespace}/${member.name}`).join(", ")} share one address (sharing key ${key.split("/").slice(1).join("/")})`;
}
