// "410 Gone": the resourceVersion a watch asked for was compacted away. client-go relists.

import { KubeApiError } from "./kube-rest-client.ts";

export function isGone(error: unknown): boolean {
  if (error instanceof KubeApiError) return error.code === 410;
  return (error as { code?: unknown } | undefined)?.code === 410;
}
