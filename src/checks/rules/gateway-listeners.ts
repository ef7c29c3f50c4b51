import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { hostnameProblem, type Listener, listenersOf, record } from "../gateway-api-objects.ts";

// Listeners sharing a port must speak a compatible protocol (Gateway API: ProtocolConflict).
const PROTOCOL_FAMILY: Record<string, string> = {
  HTTP: "HTTP",
  HTTPS: "TLS",
  TLS: "TLS",
  TCP: "TCP",
  UDP: "UDP",
};

function label(listener: Listener): string {
  return `listener ${listener.name ?? `#${listener.index}`} (${listener.protocol ?? "?"}/${listener.port ?? "?"}${listener.hostname ? ` ${listener.hostname}` : ""})`;
}

export const gatewayListeners: DocumentedRule = {
  id: "gateway-listeners",
  title:
    "Gateway listeners are consistent: unique names, valid ports and hostnames, no protocol or hostname conflicts, TLS where needed",
  severities: ["error"],
  why: "The API server rejects duplicate names and missing TLS; conflicting listeners are marked Conflicted and serve nothing.",
  check(model) {
    const findings: Finding[] = [];
    for (const gateway of model.gateways) {
      const name = describeManifest(gateway);
      const listeners = listenersOf(gateway);
      const rawListeners = record(gateway.body.spec).listeners;
      const at = (index: number, ...rest: string[]) =>
        atManifest(gateway, ["spec", "listeners", index, ...rest]);
      if (listeners.length === 0) {
        findings.push({
          id: "gateway-listeners",
          severity: "error",
          message: `${name} has no listeners: the API server rejects a Gateway without at least one. Add e.g. \`listeners: [{ name: http, protocol: HTTP, port: 80 }]\`.`,
          ...atManifest(gateway, ["spec"]),
        });
        continue;
      }
      const seenNames = new Map<string, Listener>();
      for (const listener of listeners) {
        const raw = record((rawListeners as unknown[])[listener.index]);
        if (!listener.name) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: ${label(listener)} has no name; every listener needs a unique \`name\` (HTTPRoutes attach to it with sectionName).`,
            ...at(listener.index),
          });
        } else if (seenNames.has(listener.name)) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: two listeners are named ${JSON.stringify(listener.name)}: listener names must be unique and the API server rejects the Gateway. Rename one (e.g. \`name: ${listener.name}-${listener.port ?? 2}\`).`,
            ...at(listener.index, "name"),
          });
        } else {
          seenNames.set(listener.name, listener);
        }
        if (
          listener.port === undefined ||
          !Number.isInteger(listener.port) ||
          listener.port < 1 ||
          listener.port > 65535
        ) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: ${label(listener)} needs a port between 1 and 65535, e.g. \`port: ${listener.protocol === "HTTPS" ? 443 : 80}\`.`,
            ...at(listener.index, "port"),
          });
        }
        if (!listener.protocol || !(listener.protocol in PROTOCOL_FAMILY)) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: ${label(listener)} has protocol ${JSON.stringify(listener.protocol)}; Cilium serves HTTP, HTTPS, TLS (and TCP/UDP with the experimental routes). Note the protocol is case-sensitive: \`protocol: HTTP\`.`,
            ...at(listener.index, "protocol"),
          });
        }
        if (listener.hostname !== undefined) {
          const problem = hostnameProblem(listener.hostname);
          if (problem)
            findings.push({
              id: "gateway-listeners",
              severity: "error",
              message: `${name}: ${label(listener)} hostname ${JSON.stringify(listener.hostname)} is invalid: ${problem}. Leave it out to accept every hostname.`,
              ...at(listener.index, "hostname"),
            });
        }
        const tls = record(raw.tls);
        const certificateRefs = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
        if (listener.protocol === "HTTPS" && certificateRefs.length === 0) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: ${label(listener)} is HTTPS but has no \`tls.certificateRefs\`: Envoy has no certificate to serve and the listener is not programmed (InvalidCertificateRef). Add \`tls: { mode: Terminate, certificateRefs: [{ name: <tls-secret> }] }\`.`,
            ...at(listener.index, "protocol"),
          });
        }
        if (
          (listener.protocol === "HTTP" || listener.protocol === "TCP" || listener.protocol === "UDP") &&
          raw.tls !== undefined
        ) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: ${label(listener)} is ${listener.protocol} but sets \`tls\`: the API server rejects tls on ${listener.protocol} listeners. Remove it, or use protocol HTTPS.`,
            ...at(listener.index, "tls"),
          });
        }
      }
      for (const [position, listener] of listeners.entries()) {
        for (const other of listeners.slice(0, position)) {
          if (listener.port === undefined || listener.port !== other.port) continue;
          const family = PROTOCOL_FAMILY[listener.protocol ?? ""];
          const otherFamily = PROTOCOL_FAMILY[other.protocol ?? ""];
          if (!family || !otherFamily) continue;
          if (family !== otherFamily && family !== "UDP" && otherFamily !== "UDP") {
            findings.push({
              id: "gateway-listeners",
              severity: "error",
              message: `${name}: ${label(listener)} and ${label(other)} share port ${listener.port} with incompatible protocols: both are marked Conflicted (ProtocolConflict) and serve nothing. Put them on different ports (HTTP 80, HTTPS 443).`,
              ...at(listener.index, "port"),
            });
          } else if (
            listener.protocol === other.protocol &&
            (listener.hostname ?? "") === (other.hostname ?? "")
          ) {
            findings.push({
              id: "gateway-listeners",
              severity: "error",
              message: `${name}: ${label(listener)} and ${label(other)} have the same protocol, port and hostname: they are marked Conflicted (HostnameConflict). Give each a distinct \`hostname\`, or merge them.`,
              ...at(listener.index, listener.hostname ? "hostname" : "port"),
            });
          }
        }
      }
    }
    return findings;
  },
};
