// A large synthetic homelab repo for the benchmark: the embedded fixture plus generated pools,
// L2 policies, Gateways, HTTPRoutes, ConfigMaps, Deployments and Services, in single- and
// multi-document files, up to a total number of Kubernetes objects.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isKustomizationFile, RepoFiles } from "../src/repo/repo-files.ts";
import { parseManifests } from "../src/repo/yaml-documents.ts";

type Generator = (index: number) => string;

const pool: Generator = (i) => `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: pool-${i}
spec:
  serviceSelector:
    matchLabels:
      pool: pool-${i}
  blocks:
    - cidr: 10.${100 + Math.floor(i / 16)}.${(i % 16) * 16}.0/28
`;

const l2Policy: Generator = (i) => `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: l2-${i}
spec:
  serviceSelector:
    matchLabels:
      pool: pool-${i}
  nodeSelector:
    matchExpressions:
      - key: node-role.kubernetes.io/control-plane
        operator: DoesNotExist
  interfaces:
    - ^eno[0-9]+$
  loadBalancerIPs: true
`;

const gateway: Generator = (i) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-${i}
  namespace: site-${i}
spec:
  gatewayClassName: cilium
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      hostname: "*.site-${i}.home.arpa"
      allowedRoutes:
        namespaces:
          from: Same
`;

const route =
  (gateways: number): Generator =>
  (i) =>
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: app-${i}
  namespace: site-${i % gateways}
spec:
  parentRefs:
    - name: gw-${i % gateways}
      sectionName: http
  hostnames:
    - app-${i}.site-${i % gateways}.home.arpa
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: app-${i}
          port: 80
`;

const configMap: Generator = (i) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-${i}-config
  namespace: site-${i % 50}
data:
  LOG_LEVEL: info
  settings.yaml: |
    listen: 0.0.0.0:8080
    features:
      metrics: true
      tracing: false
`;

const deployment: Generator = (i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: site-${i % 50}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app-${i}:1.0.${i}
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 10m
              memory: 32Mi
`;

const service: Generator = (i) => `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: site-${i % 50}
spec:
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: 8080
`;

/** Writes the repo and returns its root and how many objects the loader sees in it. */
export function generateRepo(fixture: string, totalManifests: number): { root: string; manifests: number } {
  const root = mkdtempSync(path.join(tmpdir(), "cc-bench-repo-"));
  cpSync(fixture, root, { recursive: true });
  const fixtureCount = countManifests(fixture);
  const wanted = totalManifests - fixtureCount;
  const gateways = 50;
  // Shares of the generated objects per kind; routes fill whatever is left.
  const plan: [string, Generator, number][] = [
    ["pools", pool, Math.round(wanted * 0.1)],
    ["l2-policies", l2Policy, Math.round(wanted * 0.05)],
    ["gateways", gateway, gateways],
    ["configmaps", configMap, Math.round(wanted * 0.2)],
    ["deployments", deployment, Math.round(wanted * 0.15)],
    ["services", service, Math.round(wanted * 0.15)],
  ];
  const used = plan.reduce((sum, [, , count]) => sum + count, 0);
  plan.push(["routes", route(gateways), wanted - used]);
  for (const [folder, generate, count] of plan) {
    mkdirSync(path.join(root, "generated", folder), { recursive: true });
    // Every fifth file is multi-document (10 objects), the rest one object per file.
    let index = 0;
    let file = 0;
    while (index < count) {
      const documents = file % 5 === 4 ? Math.min(10, count - index) : 1;
      const text = Array.from({ length: documents }, (_, k) => generate(index + k)).join("---\n");
      writeFileSync(
        path.join(root, "generated", folder, `${folder}-${String(file).padStart(4, "0")}.yaml`),
        text,
      );
      index += documents;
      file += 1;
    }
  }
  return { root, manifests: countManifests(root) };
}

/** Kubernetes objects the loader indexes (kustomization files are config, not objects). */
export function countManifests(root: string): number {
  const files = new RepoFiles(root);
  return files
    .listYamlFiles(["."])
    .filter((file) => !isKustomizationFile(file))
    .reduce((sum, file) => sum + parseManifests(files.readText(file), file).length, 0);
}
