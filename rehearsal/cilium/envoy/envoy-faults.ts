// The Envoy double's faults (issue 12): each bends one Gateway API routing rule on every node (one
// of them on the repo's own Gateways only: listener-faults.ts).

export const ENVOY_FAULTS = {
  /** A route's header matches are ignored (any header value matches). */
  headerMatchIgnored: "gateway-header-match-ignored",
  /** A route's path matches are ignored (the first route of the host matches every path). */
  pathMatchIgnored: "gateway-path-match-ignored",
  /** Path matches are ignored on the repo's own Gateways only (not the harness's cc- namespaces). */
  repoPathMatchIgnored: "repo-route-path-match-ignored",
  /** Exact path matches never hold: an exact-path route is never taken. */
  exactPathNeverMatches: "gateway-exact-path-never-matches",
  /** Hostnames are ignored: the first virtual host serves every Host. */
  hostnameMatchIgnored: "gateway-hostname-match-ignored",
  /** Two equally weighted backends get 60/40 instead of 50/50. */
  weightsSkewed: "gateway-weights-60-40",
  /** A request no route matches is not answered 404 but sent to the last route. */
  no404: "gateway-no-404",
} as const;
