// Which echo backend (Deployment) served a request: echo-basic names its pod (POD_NAME), and a
// Deployment's pods are named `<deployment>-<replicaset hash>-<pod hash>`.

export function backendOfPod(pod: string, backends: readonly string[]): string | undefined {
  const matches = backends.filter((backend) => pod.startsWith(`${backend}-`));
  // The longest name wins: echo-ab is not echo-a.
  return matches.sort((a, b) => b.length - a.length)[0];
}
