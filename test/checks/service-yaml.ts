// A Pi-hole-like Service for rule tests: its labels and spec lines (indented under `spec:`).

export const SERVICES_FILE = "apps/pihole/dns-services.yaml";

export function piholeServiceYaml(
  labels: Record<string, string> = {},
  spec = "  type: LoadBalancer\n",
): string {
  const entries = Object.entries(labels);
  return `apiVersion: v1
kind: Service
metadata:
  name: pihole-dns
  namespace: pihole
${entries.length ? `  labels:\n${entries.map(([k, v]) => `    ${k}: ${v}\n`).join("")}` : ""}spec:
${spec}  ports:
    - port: 53
`;
}
