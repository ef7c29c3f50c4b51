// Images the suites deploy. Pinned by tag here; override with
// CILIUM_CONFORMANCE_ECHO_IMAGE / CILIUM_CONFORMANCE_CLIENT_IMAGE to pin by digest in your CI
// (a digest cannot be verified from a machine without a registry, so none is invented here).

export interface WorkloadImages {
  echo: string;
  client: string;
}

export const defaultWorkloadImages: WorkloadImages = {
  echo: "registry.k8s.io/gateway-api/echo-basic:v1.5.1",
  client: "docker.io/library/busybox:1.37.0",
};

export function workloadImages(env: Record<string, string | undefined>): WorkloadImages {
  return {
    echo: env.CILIUM_CONFORMANCE_ECHO_IMAGE || defaultWorkloadImages.echo,
    client: env.CILIUM_CONFORMANCE_CLIENT_IMAGE || defaultWorkloadImages.client,
  };
}
