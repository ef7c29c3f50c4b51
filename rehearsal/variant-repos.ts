// Repos that differ from fixtures/homelab the ways real homelabs do (issue 11): the rehearsal must
// be green on them too, so nothing in the suites or the double may lean on the fixture. Each is
// the fixture copied and edited with the YAML library (comments kept), and free of static-check
// errors, so `run` must exit 0 on each:
// - own-namespace: Cilium in its own namespace (HelmRelease targetNamespace cilium), a cidr pool
//   with a serviceSelector (matchExpressions), an L2 policy with a serviceSelector (matchLabels)
//   and the repo's Pi-hole Service and Gateway labelled for it, short lease timings (6s/3s/1s);
// - two-pools-other-lan: the LAN 10.77.20.0/24 (every 192.168.5.x moved, the LAN declared in
//   .cilium-conformance.yaml), two pools — a start/stop range for everything but pool=services, and
//   a cidr pool selecting pool=services, which whoami's own LAN Service carries;
// - routes-by-path: the homepage's HTTPRoute split the way a real one grows (issue 16): a path
//   prefix to an API Service on another port, an exact path, a header-matched canary, a redirect of
//   an old prefix, a prefix rewritten before its backend, and the catch-all rule last.
// All take the fix `check` gives for the fixture's Pi-hole pair (its error l2-shared-ip-leases): one
// LoadBalancer Service with the UDP and the TCP port, so its address has one L2 Lease.

import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument, stringify } from "yaml";

const FIXTURE = fileURLToPath(new URL("../fixtures/homelab", import.meta.url));
const POOL = "infra/configs/cilium/load-balancer-ip-pool.yaml";
const L2 = "infra/configs/cilium/l2-announcement-policy.yaml";
const RELEASE = "infra/controllers/cilium/helm-release.yaml";
const VALUES = "infra/controllers/cilium/values.yaml";
export const PIHOLE_SERVICES = "apps/pihole/dns-services.yaml";
const GATEWAY = "apps/gateway/gateway.yaml";
const HOMEPAGE = "apps/homepage";
const WHOAMI = "apps/whoami";
const ANNOUNCED = { announce: "lan" };

export const VARIANTS = ["own-namespace", "two-pools-other-lan", "routes-by-path"] as const;
export type Variant = (typeof VARIANTS)[number];

async function edit(
  repo: string,
  file: string,
  change: (doc: ReturnType<typeof parseDocument>) => void,
): Promise<void> {
  const path = join(repo, file);
  const doc = parseDocument(await readFile(path, "utf8"));
  change(doc);
  await writeFile(path, doc.toString());
}

async function replaceEverywhere(dir: string, from: string, to: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await replaceEverywhere(path, from, to);
    else if (/\.ya?ml$/.test(entry.name))
      await writeFile(path, (await readFile(path, "utf8")).replaceAll(from, to));
  }
}

/**
 * The fixture with only the Pi-hole fix: the repo faults are judged on (run-faults.ts), whose live
 * run is all green without a fault — the fixture's own Pi-hole pair fails repo-contracts on every
 * run (an address announced through two L2 Leases), which would hide or fake a fault's verdict.
 */
export async function writeFaultBaselineRepo(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const repo = join(dir, "fault-baseline");
  await cp(FIXTURE, repo, { recursive: true });
  await writeFile(join(repo, PIHOLE_SERVICES), mergedPiholeService());
  return repo;
}

/** Writes the variant under `dir` (which must not exist yet) and returns its path. */
export async function writeVariantRepo(variant: Variant, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const repo = join(dir, variant);
  await cp(FIXTURE, repo, { recursive: true });
  await writeFile(join(repo, PIHOLE_SERVICES), mergedPiholeService());
  switch (variant) {
    case "own-namespace":
      await edit(repo, RELEASE, (doc) => {
        doc.setIn(["spec", "targetNamespace"], "cilium");
        doc.setIn(["spec", "install", "createNamespace"], true);
      });
      await edit(repo, POOL, (doc) => {
        doc.setIn(["spec", "blocks"], doc.createNode([{ cidr: "192.168.5.32/27" }]));
        doc.setIn(
          ["spec", "serviceSelector"],
          doc.createNode({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["internal"] }] }),
        );
      });
      await edit(repo, L2, (doc) =>
        doc.setIn(["spec", "serviceSelector"], doc.createNode({ matchLabels: { announce: "lan" } })),
      );
      // What the policy must announce carries its label: the Pi-hole Service itself, the Gateway's
      // Service through spec.infrastructure.labels (Cilium's operator copies them onto it). Without
      // them the repo's addresses answer no ARP and its routes are unreachable from the LAN, as
      // the repo-contracts suite rightly said of the first version of this variant.
      await edit(repo, PIHOLE_SERVICES, (doc) =>
        doc.setIn(["metadata", "labels"], doc.createNode(ANNOUNCED)),
      );
      await edit(repo, GATEWAY, (doc) =>
        doc.setIn(["spec", "infrastructure"], doc.createNode({ labels: ANNOUNCED })),
      );
      await edit(repo, VALUES, (doc) => {
        doc.setIn(["l2announcements", "leaseDuration"], "6s");
        doc.setIn(["l2announcements", "leaseRenewDeadline"], "3s");
        doc.setIn(["l2announcements", "leaseRetryPeriod"], "1s");
      });
      break;
    case "two-pools-other-lan":
      await replaceEverywhere(repo, "192.168.5.", "10.77.20.");
      await writeFile(
        join(repo, ".cilium-conformance.yaml"),
        stringify({ lan: { cidr: "10.77.20.0/24", gateway: "10.77.20.1" } }),
      );
      await writeFile(
        join(repo, POOL),
        [
          stringify({
            apiVersion: "cilium.io/v2",
            kind: "CiliumLoadBalancerIPPool",
            metadata: { name: "home-compute-pool" },
            spec: {
              blocks: [{ start: "10.77.20.40", stop: "10.77.20.99" }],
              // Without it both pools would select whoami-lan, and LB-IPAM allocates from the first
              // pool whose selector matches in a Go map's order (operator/pkg/lbipam/lbipam.go
              // allocateIPAddress over pool.go poolStore.Ranges): either pool, run by run.
              serviceSelector: {
                matchExpressions: [{ key: "pool", operator: "NotIn", values: ["services"] }],
              },
            },
          }),
          stringify({
            apiVersion: "cilium.io/v2",
            kind: "CiliumLoadBalancerIPPool",
            metadata: { name: "home-services-pool" },
            spec: {
              blocks: [{ cidr: "10.77.20.128/26" }],
              serviceSelector: { matchLabels: { pool: "services" } },
            },
          }),
        ].join("---\n"),
      );
      await writeFile(join(repo, WHOAMI, "lan-service.yaml"), whoamiLanService());
      await edit(repo, join(WHOAMI, "kustomization.yaml"), (doc) => {
        doc.addIn(["resources"], "lan-service.yaml");
      });
      break;
    case "routes-by-path":
      // check's fix for the fixture's pool error (pool-includes-broadcast-address).
      await edit(repo, POOL, (doc) => doc.setIn(["spec", "blocks", 0, "stop"], "192.168.5.254"));
      await writeFile(join(repo, HOMEPAGE, "http-route.yaml"), homepageRoutesByPath());
      await writeFile(join(repo, HOMEPAGE, "path-services.yaml"), homepagePathServices());
      await edit(repo, join(HOMEPAGE, "kustomization.yaml"), (doc) => {
        doc.addIn(["resources"], "path-services.yaml");
      });
      break;
  }
  return repo;
}

/** The Pi-hole's DNS as one mixed-protocol LoadBalancer Service (no sharing key, one Lease). */
export function mergedPiholeService(): string {
  return `# One Service for both DNS ports: one address, one L2 Lease, one node answering ARP.\n${stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "pihole-dns", annotations: { "lbipam.cilium.io/ips": "192.168.5.53" } },
    spec: {
      type: "LoadBalancer",
      selector: { app: "pihole" },
      ports: [
        { name: "dns-udp", port: 53, targetPort: "dns-udp", protocol: "UDP" },
        { name: "dns-tcp", port: 53, targetPort: "dns-tcp", protocol: "TCP" },
      ],
    },
  })}`;
}

/** whoami straight on the LAN, beside its Gateway route: an address from the services pool. */
function whoamiLanService(): string {
  return `# whoami on its own LAN address (no Gateway in between), from the pool for services.\n${stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "whoami-lan", namespace: "whoami", labels: { pool: "services" } },
    spec: {
      type: "LoadBalancer",
      selector: { app: "whoami" },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    },
  })}`;
}

/** The backends the homepage's path rules send to: each its own app, as in a real split. */
const PATH_BACKENDS = [
  { name: "homepage-api", port: 8080 },
  { name: "homepage-status", port: 80 },
  { name: "homepage-canary", port: 80 },
  { name: "homepage-docs", port: 80 },
] as const;

function homepagePathServices(): string {
  return PATH_BACKENDS.map((backend) =>
    stringify({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: backend.name, namespace: "homepage" },
      spec: {
        selector: { "app.kubernetes.io/name": backend.name },
        ports: [{ name: "http", port: backend.port, targetPort: "http" }],
      },
    }),
  ).join("---\n");
}

function homepageRoutesByPath(): string {
  const to = (name: string, port = 80) => [{ name, port }];
  return `# home.home.arpa, split by path: the API, a status page, a canary by header, old links redirected.\n${stringify(
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "homepage", namespace: "homepage" },
      spec: {
        parentRefs: [{ name: "home-gateway", namespace: "gateway", sectionName: "http" }],
        hostnames: ["home.home.arpa"],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/api" } }],
            backendRefs: to("homepage-api", 8080),
          },
          { matches: [{ path: { type: "Exact", value: "/status" } }], backendRefs: to("homepage-status") },
          {
            matches: [
              { path: { type: "PathPrefix", value: "/" }, headers: [{ name: "x-canary", value: "always" }] },
            ],
            backendRefs: to("homepage-canary"),
          },
          {
            matches: [{ path: { type: "PathPrefix", value: "/old-docs" } }],
            filters: [
              {
                type: "RequestRedirect",
                requestRedirect: {
                  path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/docs" },
                  statusCode: 301,
                },
              },
            ],
          },
          {
            matches: [{ path: { type: "PathPrefix", value: "/docs" } }],
            filters: [
              {
                type: "URLRewrite",
                urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } },
              },
            ],
            backendRefs: to("homepage-docs"),
          },
          { backendRefs: to("homepage") },
        ],
      },
    },
  )}`;
}
