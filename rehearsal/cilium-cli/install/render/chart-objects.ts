// Everything the chart renders for the values, in the order Helm creates it (pkg/release/v1/util
// kind_sorter InstallOrder: Namespace, ServiceAccount, Secret, ConfigMap, …, Service, DaemonSet,
// Deployment, …, then kinds it does not know, such as GatewayClass).

import type { Obj } from "../../../k8s/kube-objects.ts";
import { agentObjects } from "./agent.ts";
import { ciliumConfig } from "./cilium-config.ts";
import { hubbleObjects } from "./hubble.ts";
import { envoyObjects, operatorObjects } from "./operator-envoy.ts";
import { meta, on, type RenderContext, v } from "./render-context.ts";

const INSTALL_ORDER = [
  "Namespace",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "ConfigMap",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicaSet",
  "Deployment",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
];

export function chartObjects(context: RenderContext): Obj[] {
  const objects = [
    ...secretsNamespaces(context),
    ...(on(context, "agent") || on(context, "operator.enabled") ? [ciliumConfig(context)] : []),
  ];
  objects.push(
    ...agentObjects(context),
    ...envoyObjects(context),
    ...operatorObjects(context),
    ...hubbleObjects(context),
  );
  if (on(context, "gatewayAPI.enabled")) {
    const create = String(v(context, "gatewayAPI.gatewayClass.create"));
    if (create === "true" || (create === "auto" && context.hasGatewayClassApi)) {
      objects.push({
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: meta("cilium", context, undefined, false),
        spec: {
          controllerName: "io.cilium/gateway-controller",
          description: "The default Cilium GatewayClass",
        },
      });
    }
  }
  const rank = (kind: string | undefined) => {
    const index = INSTALL_ORDER.indexOf(kind ?? "");
    return index < 0 ? INSTALL_ORDER.length : index;
  };
  // A stable sort keeps the template order among objects of one kind.
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.index - b.index)
    .map(({ object }) => object);
}

/** templates/cilium-secrets-namespace.yaml: the secrets namespaces of enabled features. */
function secretsNamespaces(context: RenderContext): Obj[] {
  const names = new Set<string>();
  for (const feature of ["ingressController", "gatewayAPI", "envoyConfig", "bgpControlPlane"]) {
    if (on(context, `${feature}.enabled`) && on(context, `${feature}.secretsNamespace.create`)) {
      const name = v<string>(context, `${feature}.secretsNamespace.name`);
      if (name) names.add(name);
    }
  }
  // 1.17+: tls.secretsNamespace (create: true by default) always adds its namespace.
  if (context.minor >= 17 && on(context, "tls.secretsNamespace.create")) {
    const name = v<string>(context, "tls.secretsNamespace.name");
    if (name) names.add(name);
  }
  return [...names].sort().map((name) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { ...meta(name, context, { "app.kubernetes.io/part-of": "cilium" }, false), annotations: {} },
  }));
}
