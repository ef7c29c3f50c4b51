// Everything the repo-contracts suite proves and applies, derived from the repo alone (pure): the
// requests each HTTPRoute rule promises per Gateway port, the Services and stand-ins that answer
// them, the LoadBalancer Services' promises, the objects to apply in order, and what cannot be
// proven here — each named, never silently left out.

import { listenersOf, namespaceOf, record } from "../../checks/gateway-api-objects.ts";
import type { CiliumCompat } from "../../compat/compat-types.ts";
import type { InfraModel, Manifest } from "../../repo/infra-model.ts";
import { type BackendService, backendServices } from "./backend-services.ts";
import { readHttpRoute } from "./http-route-rules.ts";
import { type LbServiceContract, lbServiceContract } from "./lb-service-contracts.ts";
import { deriveRouteContracts, type GatewayPortContracts } from "./request-derivation.ts";
import { planStandIns, type StandInPlan } from "./stand-ins.ts";

export interface ContractSet {
  /** Per Gateway and HTTP listener port: the rules' probes and the 404s. */
  ports: GatewayPortContracts[];
  /** The Gateways the routes attach to through an HTTP listener. */
  gateways: Manifest[];
  routes: Manifest[];
  backends: BackendService[];
  standIns: StandInPlan;
  lbServices: LbServiceContract[];
  /** Every namespace an applied object names (created by the suite when missing). */
  namespaces: string[];
  /** What the suite cannot prove here, one sentence each naming the object and file:line. */
  notProven: string[];
}

const at = (manifest: Manifest) => `${manifest.location.file}:${manifest.location.line}`;

function gatewayNotes(gateway: Manifest): string[] {
  const notes: string[] = [];
  const raw = record(gateway.body.spec).listeners;
  for (const listener of listenersOf(gateway)) {
    if (listener.protocol === "HTTP") continue;
    const refs = record(record(Array.isArray(raw) ? raw[listener.index] : undefined).tls).certificateRefs;
    const secrets = (Array.isArray(refs) ? refs : [])
      .map((ref) => record(ref))
      .map(
        (ref) =>
          `${typeof ref.namespace === "string" ? ref.namespace : namespaceOf(gateway)}/${String(ref.name)}`,
      );
    notes.push(
      `Gateway ${namespaceOf(gateway)}/${gateway.name} listener ${listener.name ?? listener.index} (${listener.protocol} ${listener.port ?? "?"}, ${gateway.location.file}:${gateway.lineOf(["spec", "listeners", listener.index])}): not proven — the suite probes plain HTTP listeners only${secrets.length > 0 ? `; its certificate Secret ${secrets.join(", ")} is neither applied nor replaced by a throwaway one` : ""}`,
    );
  }
  return notes;
}

export function contractSet(model: InfraModel, compat: CiliumCompat): ContractSet {
  const allPorts = deriveRouteContracts(model.gateways, model.httpRoutes);
  const ports = allPorts.filter((port) => port.protocol === "HTTP");
  const gateways = [...new Set(allPorts.map((port) => port.gateway))];
  const attachedRoutes = new Set(ports.flatMap((port) => port.rules.map((rule) => rule.id.split("#")[0])));
  const routes = model.httpRoutes.filter((route) =>
    attachedRoutes.has(`${namespaceOf(route)}/${route.name}`),
  );
  const backends = backendServices(routes.map(readHttpRoute), model.allServices ?? model.services ?? []);
  const standIns = planStandIns(backends);
  const lbServices = (model.services ?? []).map((service) => lbServiceContract(service, model, compat));
  const notProven = [
    ...gateways.flatMap(gatewayNotes),
    ...model.httpRoutes
      .filter((route) => !routes.includes(route))
      .map(
        (route) =>
          `HTTPRoute ${namespaceOf(route)}/${route.name} (${at(route)}): not proven — it attaches to no plain HTTP listener of the repo's Gateways (HTTPS listeners are not probed; a route that attaches to no listener at all is what the check \`httproute-parent-refs\` reports)`,
      ),
    ...(model.otherRoutes ?? []).map(
      (route) =>
        `${route.kind} ${namespaceOf(route)}/${route.name} (${at(route)}): not proven — the suite derives requests from HTTPRoutes only`,
    ),
    ...standIns.notes,
    ...lbServices.flatMap((service) =>
      [...service.notProven, ...(service.notHandled ? [service.notHandled] : [])].map(
        (note) => `${service.title} ${note}`,
      ),
    ),
  ];
  const namespaces = [
    ...new Set([
      ...gateways.map(namespaceOf),
      ...routes.map(namespaceOf),
      ...backends.map((backend) => backend.namespace),
    ]),
  ].sort();
  return { ports, gateways, routes, backends, standIns, lbServices, namespaces, notProven };
}
