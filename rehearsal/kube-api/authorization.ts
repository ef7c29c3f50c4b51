// What a user may do. RBAC is not modelled: every authenticated user (the admin's client
// certificate, a ServiceAccount token) may do everything, as cluster-admin may. The anonymous user
// gets what kubeadm's default bindings give `system:unauthenticated`: only the paths of the
// `system:public-info-viewer` ClusterRole (kubernetes/kubernetes
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go); discovery (`system:discovery`) is
// bound to `system:authenticated` only.

import type { UserInfo } from "./authentication.ts";

const PUBLIC_INFO_PATHS = new Set(["/healthz", "/livez", "/readyz", "/version", "/version/"]);

export function isAllowed(user: UserInfo, method: string, path: string): boolean {
  if (user.groups.includes("system:authenticated")) return true;
  return method === "GET" && PUBLIC_INFO_PATHS.has(path);
}
