import { describe, expect, it } from "vitest";
import { poolSelectsServices } from "../../../src/checks/rules/pool-selects-services.ts";
import { HOMELAB_GATEWAY } from "../gateway-yaml.ts";
import { findingsOf, GATEWAY_FILE, POOL_FILE, poolYaml } from "../model-builder.ts";
import { piholeServiceYaml, SERVICES_FILE } from "../service-yaml.ts";

const SERVICES = SERVICES_FILE;
const BLOCKS = "  blocks:\n    - cidr: 192.168.5.128/26\n";

const pool = (selector: string, extra = "") =>
  poolYaml("home-services-pool", `${BLOCKS}${extra}  serviceSelector:\n${selector}`);
const POOL_SERVICES = "    matchLabels:\n      pool: services\n";

const service = (labels: Record<string, string> = {}, extraSpec = "") =>
  piholeServiceYaml(labels, `  type: LoadBalancer\n${extraSpec}`);

const check = (files: Record<string, string>) => findingsOf(poolSelectsServices, { files });

describe("pool-selects-no-service", () => {
  it("warns at spec.serviceSelector when nothing in the repo carries the labels", () => {
    const findings = check({
      [POOL_FILE]: pool(POOL_SERVICES),
      [SERVICES]: service(),
      [GATEWAY_FILE]: HOMELAB_GATEWAY,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: "pool-selects-no-service",
      severity: "warning",
      file: POOL_FILE,
      line: 8,
    });
    expect(findings[0]!.message).toContain(
      "CiliumLoadBalancerIPPool home-services-pool: spec.serviceSelector (pool=services) selects none of the repo's 1 LoadBalancer Service and 1 Gateway's Service",
    );
    expect(findings[0]!.message).toContain("nothing in the repo gets an address from this pool");
  });

  it("is silent when a Service, or a Gateway through spec.infrastructure.labels, carries the labels", () => {
    expect(check({ [POOL_FILE]: pool(POOL_SERVICES), [SERVICES]: service({ pool: "services" }) })).toEqual(
      [],
    );
    const gateway = HOMELAB_GATEWAY.replace(
      "spec:\n",
      "spec:\n  infrastructure:\n    labels:\n      pool: services\n",
    );
    expect(check({ [POOL_FILE]: pool(POOL_SERVICES), [GATEWAY_FILE]: gateway })).toEqual([]);
  });

  it("does not count a Service of a class LB-IPAM ignores", () => {
    const foreign = service({ pool: "services" }, "  loadBalancerClass: example.com/metallb\n");
    expect(check({ [POOL_FILE]: pool(POOL_SERVICES), [SERVICES]: foreign })).toHaveLength(1);
  });

  it("leaves a disabled pool, and a pool without a narrowing or valid selector, alone", () => {
    expect(check({ [POOL_FILE]: pool(POOL_SERVICES, "  disabled: true\n") })).toEqual([]);
    expect(check({ [POOL_FILE]: poolYaml("home", BLOCKS) })).toEqual([]);
    expect(check({ [POOL_FILE]: pool("    matchExpressions: []\n") })).toEqual([]);
    expect(
      check({ [POOL_FILE]: pool("    matchExpressions:\n      - key: pool\n        operator: Sometimes\n") }),
    ).toEqual([]);
  });
});
