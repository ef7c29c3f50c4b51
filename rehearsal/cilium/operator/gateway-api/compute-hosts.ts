// The hostnames a route serves on a listener (cilium operator/pkg/model/helpers.go ComputeHosts,
// itself modelled on Envoy Gateway): the intersection of the route's and the listener's
// hostnames, wildcards matching at least one label, and listener isolation — a route hostname
// that another, more specific listener owns is left to that listener.

export const ALL_HOSTS = "*";

export function computeHosts(
  routeHostnames: readonly string[],
  listenerHostname: string | undefined,
  otherListenerHosts: readonly string[],
): string[] {
  const listener = listenerHostname ?? "";
  if (routeHostnames.length === 0) return listener !== "" ? [listener] : [ALL_HOSTS];
  const hostnames: string[] = [];
  for (const route of routeHostnames) {
    if (listener === "") {
      if (!isolated(route, listener, otherListenerHosts)) hostnames.push(route);
    } else if (listener === route) {
      hostnames.push(route);
    } else if (listener.startsWith(ALL_HOSTS)) {
      if (matchesWildcard(route, listener) && !isolated(route, listener, otherListenerHosts))
        hostnames.push(route);
    } else if (route.startsWith(ALL_HOSTS)) {
      if (matchesWildcard(listener, route)) hostnames.push(listener);
    }
  }
  return hostnames.sort();
}

function isolated(route: string, listener: string, excluded: readonly string[]): boolean {
  for (const other of excluded) {
    if (other === listener) continue;
    if (route === other) return true;
    if (other.startsWith(ALL_HOSTS) && matchesWildcard(route, other) && other.length > listener.length)
      return true;
  }
  return false;
}

/** `foo.example.com` matches `*.example.com` (at least one label before the suffix). */
export function matchesWildcard(hostname: string, wildcard: string): boolean {
  const suffix = wildcard.slice(ALL_HOSTS.length);
  return hostname.endsWith(suffix) && hostname.length > suffix.length;
}
