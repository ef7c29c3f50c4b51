import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
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

const CERTIFICATE_FIX =
  "Add `tls: { mode: Terminate, certificateRefs: [{ name: <tls-secret> }] }` (a kubernetes.io/tls Secret in the Gateway's namespace).";

/**
 * HTTPS and TLS listeners need `tls`, and in mode Terminate (the default) a certificate: the
 * Gateway API CRDs' validation (apis/v1/gateway_types.go) makes the API server reject the whole
 * Gateway otherwise, so Flux's apply of its Kustomization fails.
 */
function tlsConfigProblem(listener: Listener, rawTls: unknown): string | undefined {
  if (listener.protocol !== "HTTPS" && listener.protocol !== "TLS") return undefined;
  if (rawTls === undefined || rawTls === null) {
    return `is ${listener.protocol} but has no \`tls\`: the API server rejects the Gateway ("tls must be specified for protocols ['HTTPS', 'TLS']"), so Flux cannot apply it and every listener of it is missing. ${CERTIFICATE_FIX}`;
  }
  const tls = record(rawTls);
  const mode = typeof tls.mode === "string" ? tls.mode : "Terminate";
  if (mode !== "Terminate") return undefined;
  const certificateRefs = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
  if (certificateRefs.length > 0) return undefined;
  const options = record(tls.options);
  if (Object.keys(options).length === 0) {
    return `terminates TLS but has no \`tls.certificateRefs\`: the API server rejects the Gateway ("certificateRefs or options must be specified when mode is Terminate"), so Flux cannot apply it and every listener of it is missing. ${CERTIFICATE_FIX}`;
  }
  return `terminates TLS with only \`tls.options\` and no \`tls.certificateRefs\`: the API server accepts it, but Cilium takes the certificate only from certificateRefs, so this listener has none to serve. ${CERTIFICATE_FIX}`;
}

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
            message: `${name}: two listeners are named ${quoteExcerpt(listener.name)}: listener names must be unique and the API server rejects the Gateway. Rename one (e.g. \`name: ${listener.name}-${listener.port ?? 2}\`).`,
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
            message: `${name}: ${label(listener)} has protocol ${quoteExcerpt(listener.protocol)}, which is no Gateway API protocol Cilium knows: the listener is not Accepted (UnsupportedProtocol) and serves nothing. Cilium serves HTTP and HTTPS (HTTPRoute, GRPCRoute) and TLS (TLSRoute); TCP and UDP listeners carry traffic only from Cilium 1.20, with TCPRoute/UDPRoute from the experimental CRDs. The protocol is case-sensitive: \`protocol: HTTP\`.`,
            ...at(listener.index, "protocol"),
          });
        }
        if (listener.hostname !== undefined) {
          const problem = hostnameProblem(listener.hostname);
          if (problem)
            findings.push({
              id: "gateway-listeners",
              severity: "error",
              message: `${name}: ${label(listener)} hostname ${quoteExcerpt(listener.hostname)} is invalid: ${problem}. Leave it out to accept every hostname.`,
              ...at(listener.index, "hostname"),
            });
        }
        const tlsProblem = tlsConfigProblem(listener, raw.tls);
        if (tlsProblem) {
          findings.push({
            id: "gateway-listeners",
            severity: "error",
            message: `${name}: ${label(listener)} ${tlsProblem}`,
            ...at(listener.index, raw.tls === undefined ? "protocol" : "tls"),
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
