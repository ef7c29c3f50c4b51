import { describe, expect, it } from "vitest";
import {
  type L2Policy,
  type L2Service,
  selectL2Services,
} from "../../../../../rehearsal/cilium/agent/l2/l2-selection.ts";
import { nextPolicyConditions } from "../../../../../rehearsal/cilium/agent/l2/policy-conditions.ts";

const worker = { "kubernetes.io/hostname": "kind-worker" };
const controlPlane = { "node-role.kubernetes.io/control-plane": "" };

const policy = (name: string, spec: L2Policy["spec"]): L2Policy => ({
  metadata: { name, generation: 2 },
  spec,
});
const service = (
  name: string,
  opts: { labels?: Record<string, string>; lb?: string[]; external?: string[]; cls?: string } = {},
): L2Service => ({
  metadata: { name, namespace: "demo", labels: opts.labels ?? {} },
  spec: {
    ...(opts.external ? { externalIPs: opts.external } : {}),
    ...(opts.cls ? { loadBalancerClass: opts.cls } : {}),
  },
  status: { loadBalancer: { ingress: (opts.lb ?? []).map((ip) => ({ ip })) } },
});

// The homelab fixture's policy: workers only, NIC regexes, both IP kinds.
const homelab = policy("home-l2-policy", {
  nodeSelector: {
    matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }],
  },
  interfaces: ["^eth[0-9]+"],
  externalIPs: true,
  loadBalancerIPs: true,
});

describe("selectL2Services", () => {
  it("selects LB Services on matching nodes, announcing each IP on each matched device", () => {
    const selection = selectL2Services({
      policies: [homelab],
      services: [service("web", { lb: ["192.168.5.30"] }), service("pending")],
      nodeLabels: worker,
      devices: ["eth0", "eth1x"],
    });
    expect([...selection.services.values()]).toEqual([
      {
        key: "demo/web",
        namespace: "demo",
        name: "web",
        policies: ["home-l2-policy"],
        entries: [
          { ip: "192.168.5.30", device: "eth0" },
          { ip: "192.168.5.30", device: "eth1x" },
        ],
      },
    ]);
  });

  it("a node the nodeSelector excludes competes for nothing", () => {
    const selection = selectL2Services({
      policies: [homelab],
      services: [service("web", { lb: ["192.168.5.30"] })],
      nodeLabels: controlPlane,
      devices: ["eth0"],
    });
    expect(selection.services.size).toBe(0);
  });

  it("regexes are searched, not anchored, as Go's MatchString does; none matching = no entries", () => {
    const unanchored = policy("p", { interfaces: ["th"], loadBalancerIPs: true });
    const none = policy("q", { interfaces: ["^eno[0-9]+$"], loadBalancerIPs: true });
    const svc = service("web", { lb: ["192.168.5.30"] });
    expect(
      selectL2Services({
        policies: [unanchored],
        services: [svc],
        nodeLabels: {},
        devices: ["eth0"],
      }).services.get("demo/web")?.entries,
    ).toEqual([{ ip: "192.168.5.30", device: "eth0" }]);
    const selection = selectL2Services({
      policies: [none],
      services: [svc],
      nodeLabels: {},
      devices: ["eth0"],
    });
    expect(
      selection.services.get("demo/web")?.entries,
      "still competes for the lease, announces nothing",
    ).toEqual([]);
  });

  it("both flags default to false: a policy without them selects nothing", () => {
    const selection = selectL2Services({
      policies: [policy("p", {})],
      services: [service("web", { lb: ["192.168.5.30"], external: ["192.168.5.40"] })],
      nodeLabels: {},
      devices: ["eth0"],
    });
    expect(selection.services.size).toBe(0);
  });

  it("matches the serviceSelector on labels plus io.kubernetes.service.namespace/name", () => {
    const byName = policy("p", {
      serviceSelector: { matchLabels: { "io.kubernetes.service.name": "web", announce: "yes" } },
      loadBalancerIPs: true,
    });
    const selection = selectL2Services({
      policies: [byName],
      services: [
        service("web", { lb: ["192.168.5.30"], labels: { announce: "yes" } }),
        service("web2", { lb: ["192.168.5.31"], labels: { announce: "yes" } }),
        service("web", { lb: ["192.168.5.32"] }),
      ].slice(0, 2),
      nodeLabels: {},
      devices: ["eth0"],
    });
    expect([...selection.services.keys()]).toEqual(["demo/web"]);
  });

  it("externalIPs only with the externalIPs flag; other load balancer classes are left alone", () => {
    const externalOnly = policy("p", { externalIPs: true });
    const selection = selectL2Services({
      policies: [externalOnly],
      services: [
        service("ext", { external: ["192.168.5.40"], lb: ["192.168.5.30"] }),
        service("lb", { lb: ["192.168.5.31"] }),
        service("bgp", { external: ["192.168.5.41"], cls: "io.cilium/bgp-control-plane" }),
        service("l2class", { external: ["192.168.5.42"], cls: "io.cilium/l2-announcer" }),
      ],
      nodeLabels: {},
      devices: ["eth0"],
    });
    expect([...selection.services.keys()].sort()).toEqual(["demo/ext", "demo/l2class"]);
    expect(selection.services.get("demo/ext")?.entries).toEqual([{ ip: "192.168.5.40", device: "eth0" }]);
  });

  it("records the checks: a bad regex or selector drops the policy and names the error", () => {
    const selection = selectL2Services({
      policies: [
        policy("bad-regex", { interfaces: ["(eno"], loadBalancerIPs: true }),
        policy("bad-svc", {
          serviceSelector: { matchExpressions: [{ key: "a", operator: "Exist" }] },
          loadBalancerIPs: true,
        }),
      ],
      services: [service("web", { lb: ["192.168.5.30"] })],
      nodeLabels: {},
      devices: ["eth0"],
    });
    expect(selection.services.size).toBe(0);
    expect(selection.checks).toContainEqual({
      policy: "bad-regex",
      type: "io.cilium/bad-interface-regex",
      error: "error parsing regexp: missing closing ): `(eno`",
    });
    expect(selection.checks).toContainEqual({
      policy: "bad-svc",
      type: "io.cilium/bad-service-selector",
      error: '"Exist" is not a valid label selector operator',
    });
  });

  it("fault ignoreServiceSelector announces a Service the selector does not select", () => {
    const picky = policy("p", {
      serviceSelector: { matchLabels: { announce: "yes" } },
      loadBalancerIPs: true,
    });
    const input = {
      policies: [picky],
      services: [service("other", { lb: ["192.168.5.33"] })],
      nodeLabels: {},
      devices: ["eth0"],
    };
    expect(selectL2Services(input).services.size).toBe(0);
    expect(selectL2Services({ ...input, faults: { ignoreServiceSelector: true } }).services.size).toBe(1);
  });
});

describe("nextPolicyConditions", () => {
  const now = "2026-01-01T00:00:00Z";
  it("adds a True condition for a failed check, nothing for a passed one without a condition", () => {
    expect(
      nextPolicyConditions(
        [],
        [{ policy: "p", type: "io.cilium/bad-node-selector", error: undefined }],
        1,
        now,
      ),
    ).toBeUndefined();
    expect(
      nextPolicyConditions(
        [],
        [{ policy: "p", type: "io.cilium/bad-interface-regex", error: "boom" }],
        3,
        now,
      ),
    ).toEqual([
      {
        type: "io.cilium/bad-interface-regex",
        status: "True",
        reason: "error",
        message: "boom",
        observedGeneration: 3,
        lastTransitionTime: now,
      },
    ]);
  });

  it("turns an existing condition False with an empty message once fixed", () => {
    const current = [
      { type: "io.cilium/bad-interface-regex", status: "True" as const, reason: "error", message: "boom" },
    ];
    expect(
      nextPolicyConditions(
        current,
        [{ policy: "p", type: "io.cilium/bad-interface-regex", error: undefined }],
        4,
        now,
      ),
    ).toEqual([
      {
        type: "io.cilium/bad-interface-regex",
        status: "False",
        reason: "error",
        message: "",
        observedGeneration: 4,
        lastTransitionTime: now,
      },
    ]);
  });
});
