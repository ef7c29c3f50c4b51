import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import {
  acceptsHttpRoutes,
  findGateway,
  GATEWAY_GROUP,
  listenersForRef,
  listenersOf,
  namespaceOf,
  parentRefsOf,
} from "../gateway-api-objects.ts";

export const httpRouteParentRefs: DocumentedRule = {
  id: "httproute-parent-refs",
  title:
    "HTTPRoute `parentRefs` resolve to Gateways in the repo, with a matching listener (sectionName, port, allowed namespaces)",
  severities: ["error", "warning"],
  why: "A route whose parent does not resolve or does not allow it is never Accepted (NoMatchingParent, NotAllowedByListeners): its hostnames return 404.",
  check(model) {
    const findings: Finding[] = [];
    for (const route of model.httpRoutes) {
      const name = describeManifest(route);
      const refs = parentRefsOf(route);
      if (refs.length === 0) {
        findings.push({
          id: "httproute-parent-refs",
          severity: "warning",
          message: `${name} has no parentRefs, so it attaches to no Gateway (Cilium would treat it only as a mesh route): its hostnames are not served from outside. Add \`parentRefs: [{ name: <gateway>, namespace: <ns> }]\`.`,
          ...atManifest(route, ["spec"]),
        });
        continue;
      }
      for (const ref of refs) {
        const at = (field?: string) =>
          atManifest(route, ["spec", "parentRefs", ref.index, ...(field ? [field] : [])]);
        if (ref.group !== GATEWAY_GROUP || ref.kind !== "Gateway") continue; // e.g. a GAMMA Service parent
        const gateway = findGateway(model.gateways, ref);
        if (!gateway) {
          const sameName = model.gateways.filter((candidate) => candidate.name === ref.name);
          const hint =
            sameName.length > 0
              ? ` A Gateway ${ref.name} exists in namespace ${sameName.map(namespaceOf).join(", ")}: set \`namespace: ${namespaceOf(sameName[0]!)}\` on the parentRef (it defaults to the route's own namespace, ${namespaceOf(route)}).`
              : ` Gateways in the repo: ${model.gateways.map((candidate) => `${namespaceOf(candidate)}/${candidate.name}`).join(", ") || "none"}.`;
          findings.push({
            id: "httproute-parent-refs",
            severity: "error",
            message: `${name}: parentRefs[${ref.index}] points at Gateway ${ref.namespace}/${ref.name ?? "(no name)"}, which is not in the repo: the route is never Accepted and serves nothing.${hint}`,
            ...at("name"),
          });
          continue;
        }
        const candidates = listenersForRef(gateway, ref);
        if (candidates.length === 0) {
          const all = listenersOf(gateway).map(
            (listener) => `${listener.name ?? "?"} (${listener.protocol ?? "?"}/${listener.port ?? "?"})`,
          );
          const what = ref.sectionName !== undefined ? `sectionName ${quoteExcerpt(ref.sectionName)}` : "";
          const port = ref.port !== undefined ? `port ${ref.port}` : "";
          findings.push({
            id: "httproute-parent-refs",
            severity: "error",
            message: `${name}: parentRefs[${ref.index}] asks for ${[what, port].filter(Boolean).join(" and ")} on ${describeManifest(gateway)}, which has no such listener (it has ${all.join(", ")}): the route is not Accepted (NoMatchingParent). Use one of those listener names.`,
            ...at(ref.sectionName !== undefined ? "sectionName" : "port"),
          });
          continue;
        }
        const httpCapable = candidates.filter(acceptsHttpRoutes);
        if (httpCapable.length === 0) {
          findings.push({
            id: "httproute-parent-refs",
            severity: "error",
            message: `${name}: parentRefs[${ref.index}] only matches listeners of ${describeManifest(gateway)} that do not take HTTPRoutes (${candidates.map((listener) => `${listener.name} ${listener.protocol}`).join(", ")}): the route is not Accepted (NotAllowedByListeners). Attach it to an HTTP or HTTPS listener.`,
            ...at(ref.sectionName !== undefined ? "sectionName" : "name"),
          });
          continue;
        }
        const routeNamespace = namespaceOf(route);
        const allowing = httpCapable.filter(
          (listener) =>
            listener.allowedFrom === "All" ||
            listener.allowedFrom === "Selector" ||
            namespaceOf(gateway) === routeNamespace,
        );
        if (allowing.length === 0) {
          findings.push({
            id: "httproute-parent-refs",
            severity: "error",
            message: `${name} is in namespace ${routeNamespace}, but the matching listeners of ${describeManifest(gateway)} only accept routes from the Gateway's own namespace (allowedRoutes.namespaces.from defaults to Same): the route is not Accepted (NotAllowedByListeners). On the listener set \`allowedRoutes: { namespaces: { from: All } }\` (or Selector), or move the route to ${namespaceOf(gateway)}.`,
            ...at("name"),
          });
        }
      }
    }
    return findings;
  },
};
