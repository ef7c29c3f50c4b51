import { describe, expect, it } from "vitest";
import { backendServices, STAND_IN_LABEL } from "../../../src/conformance/repo-contracts/backend-services.ts";
import { readHttpRoute } from "../../../src/conformance/repo-contracts/http-route-rules.ts";
import {
  standInDeployment,
  UNPRIVILEGED_PORT_SYSCTL,
} from "../../../src/conformance/repo-contracts/stand-in-deployment.ts";
import { planStandIns } from "../../../src/conformance/repo-contracts/stand-ins.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { parseManifests } from "../../../src/repo/yaml-documents.ts";
import { fixtureRoot } from "../../support/temp-repo.ts";

const seed = loadInfraRepo(fixtureRoot);
const seedServices = () => backendServices(seed.httpRoutes.map(readHttpRoute), seed.allServices ?? []);

function services(yaml: string) {
  return parseManifests(yaml, "apps/services.yaml");
}

describe("backendServices", () => {
  it("takes the repo's Services as written and makes the missing grafana one from its backendRef", () => {
    const all = seedServices();
    expect(all.map((service) => `${service.namespace}/${service.name}`)).toEqual([
      "homepage/homepage",
      "monitoring/grafana",
      "pihole/pihole-dns-tcp",
      "pihole/pihole-dns-udp",
      "whoami/whoami",
    ]);
    const homepage = all[0]!;
    expect(homepage.manifest?.location.file).toBe("apps/homepage/service.yaml");
    expect(homepage.body).toBe(homepage.manifest?.body);
    expect(homepage.deviation).toBeUndefined();
    expect(homepage.neededBy[0]).toMatch(
      /^backend of HTTPRoute homepage\/homepage rule 0 \(apps\/homepage\/http-route.yaml:\d+\)$/,
    );
    const grafana = all[1]!;
    expect(grafana.manifest).toBeUndefined();
    expect(grafana.deviation).toContain("the repo has no Service monitoring/grafana");
    expect(grafana.body).toEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "grafana", namespace: "monitoring" },
      spec: {
        selector: { [STAND_IN_LABEL]: "grafana" },
        ports: [{ name: "port-80", port: 80, targetPort: "port-80", protocol: "TCP" }],
      },
    });
    expect(all[2]!.neededBy).toEqual(["LoadBalancer Service (apps/pihole/dns-services.yaml:20)"]);
  });

  it("puts a Service without a namespace where kubectl and Flux would: default", () => {
    const [service] = backendServices(
      [],
      services(
        "apiVersion: v1\nkind: Service\nmetadata: { name: dns }\nspec: { type: LoadBalancer, ports: [{ port: 53 }] }\n",
      ),
    );
    expect(service).toMatchObject({
      namespace: "default",
      body: { metadata: { name: "dns", namespace: "default" } },
    });
  });
});

describe("planStandIns", () => {
  it("gives the two pihole Services one stand-in with their selector, echo on 53/TCP, 53/UDP declared but silent", () => {
    const plan = planStandIns(seedServices());
    const pihole = plan.standIns.find((standIn) => standIn.namespace === "pihole")!;
    expect(pihole).toMatchObject({
      name: "pihole-dns-tcp-stand-in",
      selector: { app: "pihole" },
      lowPorts: false,
      echoes: [{ port: 3000, h2cPort: 3002, portName: "dns-tcp", services: ["pihole/pihole-dns-tcp"] }],
      silent: [{ port: 3001, portName: "dns-udp", protocol: "UDP", services: ["pihole/pihole-dns-udp"] }],
    });
    expect(plan.notes).toEqual([]);
    expect(plan.standIns.map((standIn) => `${standIn.namespace}/${standIn.name}`)).toEqual([
      "homepage/homepage-stand-in",
      "monitoring/grafana-stand-in",
      "pihole/pihole-dns-tcp-stand-in",
      "whoami/whoami-stand-in",
    ]);
  });

  it("serves a numeric targetPort on its number (below 1024 with the sysctl), the port when no targetPort is given", () => {
    const plan = planStandIns(
      backendServices(
        [],
        services(
          "apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: apps }\nspec:\n  type: LoadBalancer\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: 8080 }, { port: 443 }]\n" +
            "---\napiVersion: v1\nkind: Service\nmetadata: { name: web-alt, namespace: apps }\nspec:\n  type: LoadBalancer\n  selector: { app: web }\n  ports: [{ port: 8081, targetPort: 8080 }]\n",
        ),
      ),
    );
    expect(plan.standIns).toHaveLength(1);
    expect(plan.standIns[0]).toMatchObject({
      lowPorts: true,
      echoes: [
        { port: 8080, services: ["apps/web", "apps/web-alt"] },
        { port: 443, services: ["apps/web"] },
      ],
    });
    const deployment = standInDeployment(plan.standIns[0]!, { image: "echo:1", labels: { run: "r1" } });
    expect(deployment).toMatchObject({
      metadata: { name: "web-stand-in", namespace: "apps", labels: { run: "r1" } },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web", run: "r1" } },
          spec: { securityContext: { sysctls: [{ name: UNPRIVILEGED_PORT_SYSCTL, value: "0" }] } },
        },
      },
    });
    const containers = (deployment as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } })
      .spec.template.spec.containers;
    expect(containers.map((container) => container.env.slice(0, 3))).toEqual([
      [
        { name: "HTTP_PORT", value: "8080" },
        { name: "H2C_PORT", value: "3000" },
        { name: "SERVICE_NAME", value: "web,web-alt" },
      ],
      [
        { name: "HTTP_PORT", value: "443" },
        { name: "H2C_PORT", value: "3001" },
        { name: "SERVICE_NAME", value: "web" },
      ],
    ]);
  });

  it("names what it cannot stand in for: no selector, no ports", () => {
    const plan = planStandIns(
      backendServices(
        [],
        services(
          "apiVersion: v1\nkind: Service\nmetadata: { name: manual, namespace: apps }\nspec: { type: LoadBalancer, ports: [{ port: 80 }] }\n" +
            "---\napiVersion: v1\nkind: Service\nmetadata: { name: empty, namespace: apps }\nspec: { type: LoadBalancer, selector: { app: x } }\n",
        ),
      ),
    );
    expect(plan.standIns).toEqual([]);
    expect(plan.notes).toEqual([
      "Service apps/empty: it declares no ports, so no stand-in answers for it",
      "Service apps/manual has no selector (its endpoints are managed by hand): no stand-in can answer for it, so requests to it are expected to fail",
    ]);
  });

  it("keeps a UDP-only stand-in alive with one echo container that carries the declarations", () => {
    const plan = planStandIns(
      backendServices(
        [],
        services(
          "apiVersion: v1\nkind: Service\nmetadata: { name: syslog, namespace: logs }\nspec: { type: LoadBalancer, selector: { app: syslog }, ports: [{ port: 514, protocol: UDP }] }\n",
        ),
      ),
    );
    const deployment = standInDeployment(plan.standIns[0]!, { image: "echo:1", labels: {} });
    const [container] = (
      deployment as {
        spec: { template: { spec: { containers: { ports: unknown[] }[]; securityContext?: unknown } } };
      }
    ).spec.template.spec.containers;
    expect(container?.ports).toEqual([
      { containerPort: 3000, protocol: "TCP" },
      { containerPort: 514, protocol: "UDP" },
    ]);
    // Nothing listens below 1024: no sysctl.
    expect((deployment as { spec: { template: { spec: object } } }).spec.template.spec).not.toHaveProperty(
      "securityContext",
    );
  });
});
