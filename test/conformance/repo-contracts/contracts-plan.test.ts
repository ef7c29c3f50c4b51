import { describe, expect, it } from "vitest";
import { compatFor } from "../../../src/compat/compat-for.ts";
import { contractSet } from "../../../src/conformance/repo-contracts/contract-set.ts";
import { planRepoContracts } from "../../../src/conformance/repo-contracts/contracts-plan.ts";
import { planRun } from "../../../src/plan/plan-run.ts";
import { renderPlanHuman } from "../../../src/plan/render-plan.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { buildModel } from "../../checks/model-builder.ts";
import { baseKind } from "../../plan/plan-model.ts";
import { fixtureRoot } from "../../support/temp-repo.ts";

const compat = compatFor("1.18.11");

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: gw }
spec:
  gatewayClassName: cilium
  listeners:
    - { name: http, protocol: HTTP, port: 80, allowedRoutes: { namespaces: { from: All } } }
    - name: https
      protocol: HTTPS
      port: 443
      allowedRoutes: { namespaces: { from: All } }
      tls: { certificateRefs: [{ name: edge-cert }] }
`;

const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: apps }
spec:
  parentRefs: [{ name: edge, namespace: gw, sectionName: http }]
  hostnames: [web.example.test]
  rules:
    - backendRefs: [{ name: web, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: secure, namespace: apps }
spec:
  parentRefs: [{ name: edge, namespace: gw, sectionName: https }]
  rules:
    - backendRefs: [{ name: web, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: rpc, namespace: apps }
spec:
  parentRefs: [{ name: edge, namespace: gw }]
`;

describe("contractSet and the plan's repo-contracts section", () => {
  it("lists the seed's objects in apply order, its stand-ins, one case per rule, the 404, the Pi-hole Services and their sharing", () => {
    const plan = planRepoContracts(contractSet(loadInfraRepo(fixtureRoot), compat));
    expect(plan.apply[0]).toBe("Namespace gateway (created when the cluster lacks it, removed after)");
    expect(plan.apply.filter((line) => line.startsWith("Gateway") || line.startsWith("HTTPRoute"))).toEqual([
      "Gateway gateway/home-gateway (apps/gateway/gateway.yaml:3)",
      "HTTPRoute monitoring/grafana (apps/grafana/http-route.yaml:1)",
      "HTTPRoute homepage/homepage (apps/homepage/http-route.yaml:1)",
      "HTTPRoute whoami/whoami (apps/whoami/whoami.yaml:37)",
    ]);
    expect(plan.standIns).toContain(
      "pihole/pihole-dns-tcp-stand-in [app=pihole] dns-tcp→3000/TCP echo, dns-udp→3001/UDP silent",
    );
    expect(plan.cases.map((entry) => entry.name)).toEqual([
      "Gateway gateway/home-gateway (apps/gateway/gateway.yaml:3) is Programmed with an address from the repo's pools",
      "HTTPRoute monitoring/grafana rule 0 (apps/grafana/http-route.yaml:13)",
      "HTTPRoute homepage/homepage rule 0 (apps/homepage/http-route.yaml:14)",
      "HTTPRoute whoami/whoami rule 0 (apps/whoami/whoami.yaml:50)",
      "requests no rule takes on Gateway gateway/home-gateway port 80 get 404",
      "Service pihole/pihole-dns-udp (apps/pihole/dns-services.yaml:3) gets the address it asks for (192.168.5.53), announced by its Lease holder",
      "Service pihole/pihole-dns-tcp (apps/pihole/dns-services.yaml:20) gets the address it asks for (192.168.5.53), announced by its Lease holder and answers on its TCP ports",
      "Services pihole/pihole-dns-udp, pihole/pihole-dns-tcp share one address (sharing key pihole-dns)",
    ]);
    expect(plan.cases[0]?.requests).toEqual([]);
    expect(plan.cases[1]?.requests).toEqual([
      "GET grafana.home.arpa/cc-contracts → Service monitoring/grafana",
    ]);
    expect(plan.notProven).toEqual([
      "Service pihole/pihole-dns-udp (apps/pihole/dns-services.yaml:3) port 53/UDP (dns-udp): not proven (the echo stand-in answers TCP only)",
    ]);
  });

  it("names an HTTPS listener with its certificate Secret, a route only it takes, and a GRPCRoute as not proven", () => {
    const model = buildModel({ files: { "apps/gateway.yaml": GATEWAY, "apps/routes.yaml": ROUTES } });
    const set = contractSet(model, compat);
    expect(set.ports.map((port) => `${port.protocol} ${port.port}`)).toEqual(["HTTP 80"]);
    expect(set.routes.map((route) => route.name)).toEqual(["web"]);
    expect(set.notProven).toEqual([
      "Gateway gw/edge listener https (HTTPS 443, apps/gateway.yaml:8): not proven — the suite probes plain HTTP listeners only; its certificate Secret gw/edge-cert is neither applied nor replaced by a throwaway one",
      "HTTPRoute apps/secure (apps/routes.yaml:10): not proven — it attaches to no plain HTTP listener of the repo's Gateways (HTTPS listeners are not probed; a route that attaches to no listener at all is what the check `httproute-parent-refs` reports)",
      "GRPCRoute apps/rpc (apps/routes.yaml:18): not proven — the suite derives requests from HTTPRoutes only",
    ]);
  });

  it("is part of the RunPlan `plan` prints", () => {
    const model = loadInfraRepo(fixtureRoot);
    const plan = planRun(model, { runId: "t1", baseKindConfig: baseKind() });
    expect(plan.repoContracts.cases).toHaveLength(8);
    const text = renderPlanHuman(plan);
    expect(text).toContain("Repo contracts (run by `test --suite repo-contracts`)");
    expect(text).toContain("    GET whoami.home.arpa/cc-contracts → Service whoami/whoami");
    expect(text).toContain("not proven here:\n  Service pihole/pihole-dns-udp");
  });
});
