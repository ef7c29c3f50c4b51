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

/**
 * Writes a Flux repo of about `totalFiles` files: the fixture, plus `generated/<kind>/` folders of
 * manifests (every fifth file multi-document, 10 objects), each folder with a kustomization.yaml
 * listing its files, `generated/kustomization.yaml` listing the folders, and a Flux Kustomization
 * `generated` in clusters/homelab building ./generated — so every generated object is rendered
 * and checked the way Flux builds it. Returns its root, its file count and its object count.
 */
export function generateRepo(
  fixture: string,
  totalFiles: number,
): { root: string; files: number; manifests: number } {
  const root = mkdtempSync(path.join(tmpdir(), "cc-bench-repo-"));
  cpSync(fixture, root, { recursive: true });
  const folders = 7;
  const wantedFiles = totalFiles - countFiles(fixture) - folders - 2;
  const gateways = 50;
  // Shares of the generated files per kind; routes fill whatever is left.
  const plan: [string, Generator, number][] = [
    ["pools", pool, Math.round(wantedFiles * 0.1)],
    ["l2-policies", l2Policy, Math.round(wantedFiles * 0.05)],
    ["gateways", gateway, gateways],
    ["configmaps", configMap, Math.round(wantedFiles * 0.2)],
    ["deployments", deployment, Math.round(wantedFiles * 0.15)],
    ["services", service, Math.round(wantedFiles * 0.15)],
  ];
  const used = plan.reduce((sum, [, , count]) => sum + count, 0);
  plan.push(["routes", route(gateways), wantedFiles - used]);
  let object = 0;
  for (const [folder, generate, fileCount] of plan) {
    mkdirSync(path.join(root, "generated", folder), { recursive: true });
    const names: string[] = [];
    for (let file = 0; file < fileCount; file++) {
      const documents = folder !== "gateways" && file % 5 === 4 ? 10 : 1;
      const text = Array.from({ length: documents }, (_, k) => generate(object + k)).join("---\n");
      const name = `${folder}-${String(file).padStart(4, "0")}.yaml`;
      writeFileSync(path.join(root, "generated", folder, name), text);
      names.push(name);
      object += documents;
    }
    writeFileSync(
      path.join(root, "generated", folder, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${names.map((n) => `  - ${n}\n`).join("")}`,
    );
  }
  writeFileSync(
    path.join(root, "generated", "kustomization.yaml"),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${plan.map(([folder]) => `  - ${folder}\n`).join("")}`,
  );
  writeFileSync(
    path.join(root, "clusters", "homelab", "generated.yaml"),
    "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: generated\n  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./generated\n  prune: true\n",
  );
  return { root, files: countFiles(root), manifests: countManifests(root) };
}

function countFiles(root: string): number {
  return new RepoFiles(root).listYamlFiles(["."]).length;
}

/** Kubernetes objects the loader indexes (kustomization files are config, not objects). */
export function countManifests(root: string): number {
  const files = new RepoFiles(root);
  return files
    .listYamlFiles(["."])
    .filter((file) => !isKustomizationFile(file))
    .reduce((sum, file) => sum + parseManifests(files.readText(file), file).length, 0);
}
