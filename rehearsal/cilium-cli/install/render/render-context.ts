// What every template of the chart sees: the coalesced values, the release's namespace, the
// chart version and the server's capabilities, plus the helpers the chart's _helpers.tpl
// defines (cilium.image, cilium.operator.image, envoyDaemonSetEnabled, cilium.priorityClass).

import type { Obj } from "../../../k8s/kube-objects.ts";
import { minorOfVersion } from "../chart-defaults.ts";
import { truthy } from "../chart-validation.ts";
import { valueAt } from "../helm-values.ts";

export interface RenderContext {
  values: Record<string, unknown>;
  namespace: string;
  version: string;
  minor: number;
  releaseName: string;
  /** `.Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1/GatewayClass"`. */
  hasGatewayClassApi: boolean;
  /** TLS material Helm's genCA/genSignedCert would produce (PEM), when hubble TLS is on. */
  hubbleTls?: HubbleTls;
}

export interface HubbleTls {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  relayClientCert: string;
  relayClientKey: string;
}

export function renderContext(input: Omit<RenderContext, "minor">): RenderContext {
  return { ...input, minor: minorOfVersion(input.version) };
}

export function v<T = unknown>(context: RenderContext, path: string): T {
  return valueAt(context.values, path) as T;
}

export function on(context: RenderContext, path: string): boolean {
  return truthy(valueAt(context.values, path));
}

interface ImageValues {
  override?: string | null;
  repository: string;
  tag?: string;
  digest?: string;
  useDigest?: boolean;
}

/** `cilium.image` (_helpers.tpl). */
export function imageRef(image: ImageValues): string {
  if (image.override) return image.override;
  const tag = image.tag ? `:${image.tag}` : "";
  const digest = image.useDigest && image.digest ? `@${image.digest}` : "";
  return `${image.repository}${tag}${digest}`;
}

/** `cilium.operator.image`: repository-generic[suffix]:tag@genericDigest. */
export function operatorImageRef(context: RenderContext): string {
  const image = v<ImageValues & { genericDigest?: string; suffix?: string }>(context, "operator.image");
  if (image.override) return image.override;
  const tag = image.tag ? `:${image.tag}` : "";
  const digest = image.useDigest && image.genericDigest ? `@${image.genericDigest}` : "";
  return `${image.repository}-generic${image.suffix ?? ""}${tag}${digest}`;
}

/** `envoyDaemonSetEnabled`: off without l7Proxy; envoy.enabled when set; else on from 1.16. */
export function envoyDaemonSetEnabled(context: RenderContext): boolean {
  if (!on(context, "l7Proxy")) return false;
  const enabled = v(context, "envoy.enabled");
  if (enabled !== null && enabled !== undefined) return truthy(enabled);
  return context.minor >= 16;
}

/** `cilium.priorityClass`: the user's class, else the critical one (enableCriticalPriorityClass). */
export function priorityClass(context: RenderContext, userPath: string, critical: string): string {
  const user = v<string>(context, userPath);
  if (user) return user;
  return on(context, "enableCriticalPriorityClass") ? critical : "";
}

export function meta(
  name: string,
  context: RenderContext,
  labels?: Record<string, string>,
  namespaced = true,
): Obj["metadata"] {
  const common = v<Record<string, string> | undefined>(context, "commonLabels") ?? {};
  const all = { ...(labels ?? {}), ...common };
  return {
    name,
    ...(namespaced ? { namespace: context.namespace } : {}),
    ...(Object.keys(all).length > 0 ? { labels: all } : {}),
  };
}

/** KUBERNETES_SERVICE_HOST/PORT env entries when k8sServiceHost is set (k8sServiceHost/k8sServicePort helpers). */
export function apiServerEnv(context: RenderContext): Record<string, unknown>[] {
  const host = v<string>(context, "k8sServiceHost");
  if (!host) return [];
  return [
    { name: "KUBERNETES_SERVICE_HOST", value: String(host) },
    { name: "KUBERNETES_SERVICE_PORT", value: String(v(context, "k8sServicePort") ?? "") },
  ];
}

export const fieldEnv = (name: string, fieldPath: string) => ({
  name,
  valueFrom: { fieldRef: { apiVersion: "v1", fieldPath } },
});

/**
 * The chart's (anti-)affinity terms: a pod required on (podAffinity) or off (podAntiAffinity) any
 * node that runs a pod with these labels, `topologyKey: kubernetes.io/hostname`.
 */
export function perNode(matchLabels: Record<string, string>) {
  return {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels } },
    ],
  };
}

export function serviceAccount(context: RenderContext, key: string, labels?: Record<string, string>): Obj[] {
  if (!on(context, `serviceAccounts.${key}.create`)) return [];
  return [
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta(v<string>(context, `serviceAccounts.${key}.name`), context, labels),
    },
  ];
}
