// Gateway API manifests for rule tests, shaped like a homelab's.

export const HOMELAB_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: homelab
  namespace: gateway
spec:
  gatewayClassName: cilium
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      hostname: "*.home.example.net"
      allowedRoutes:
        namespaces:
          from: All
    - name: https
      protocol: HTTPS
      port: 443
      hostname: "*.home.example.net"
      tls:
        mode: Terminate
        certificateRefs:
          - name: home-wildcard-tls
      allowedRoutes:
        namespaces:
          from: All
`;

export function routeYaml(options: { namespace?: string; parentRef?: string; hostnames?: string[] }): string {
  const parent = options.parentRef ?? "    - name: homelab\n      namespace: gateway\n";
  const hostnames = options.hostnames ?? ["whoami.home.example.net"];
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: whoami
  namespace: ${options.namespace ?? "whoami"}
spec:
  parentRefs:
${parent}  hostnames:
${hostnames.map((name) => `    - ${name}\n`).join("")}  rules:
    - backendRefs:
        - name: whoami
          port: 80
`;
}
