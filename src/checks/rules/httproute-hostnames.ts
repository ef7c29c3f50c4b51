import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import {
  acceptsHttpRoutes,
  findGateway,
  GATEWAY_GROUP,
  hostnameProblem,
  hostnamesIntersect,
  listenersForRef,
  parentRefsOf,
  routeHostnames,
} from "../gateway-api-objects.ts";

export const httpRouteHostnames: DocumentedRule = {
  id: "httproute-hostnames",
  title: "HTTPRoute hostnames are valid and intersect the hostname of the listener they attach to",
  severities: ["error", "warning"],
  why: "A route whose hostnames match no listener hostname is not Accepted (NoMatchingListenerHostname) and every request to it gets a 404.",
  check(model) {
    const findings: Finding[] = [];
    for (const route of model.httpRoutes) {
      const name = describeManifest(route);
      const hostnames = routeHostnames(route);
      for (const [index, hostname] of hostnames.entries()) {
        const problem = hostnameProblem(hostname);
        if (problem) {
          findings.push({
            id: "httproute-hostnames",
            severity: "error",
            message: `${name}: hostname ${quoteExcerpt(hostname)} is invalid: ${problem}. The API server rejects the route.`,
            ...atManifest(route, ["spec", "hostnames", index]),
          });
        }
      }
      if (hostnames.length === 0) continue;
      for (const ref of parentRefsOf(route)) {
        if (ref.group !== GATEWAY_GROUP || ref.kind !== "Gateway") continue;
        const gateway = findGateway(model.gateways, ref);
        if (!gateway) continue; // reported by httproute-parent-refs
        const listeners = listenersForRef(gateway, ref).filter(acceptsHttpRoutes);
        if (listeners.length === 0) continue;
        const matching = listeners.filter(
          (listener) =>
            listener.hostname === undefined ||
            hostnames.some((hostname) => hostnamesIntersect(listener.hostname!, hostname)),
        );
        if (matching.length === 0) {
          const listenerNames = listeners
            .map((listener) => `${listener.name} (${listener.hostname})`)
            .join(", ");
          findings.push({
            id: "httproute-hostnames",
            severity: "error",
            message: `${name}: none of its hostnames (${hostnames.join(", ")}) matches a listener hostname of ${describeManifest(gateway)} it attaches to (${listenerNames}; "*.example.com" covers "a.example.com" but not "example.com"): the route is not Accepted (NoMatchingListenerHostname) and gets 404s. Align the route's hostnames with the listener's, or widen the listener hostname.`,
            ...atManifest(route, ["spec", "hostnames"]),
          });
          continue;
        }
        const unmatched = hostnames.filter(
          (hostname) =>
            !matching.some(
              (listener) =>
                listener.hostname === undefined || hostnamesIntersect(listener.hostname, hostname),
            ),
        );
        for (const hostname of unmatched) {
          findings.push({
            id: "httproute-hostnames",
            severity: "warning",
            message: `${name}: hostname ${hostname} matches no listener of ${describeManifest(gateway)} it attaches to: requests for it get 404 while the route's other hostnames work. Drop it or add a listener for it.`,
            ...atManifest(route, ["spec", "hostnames", hostnames.indexOf(hostname)]),
          });
        }
      }
    }
    return findings;
  },
};
