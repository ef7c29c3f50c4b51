// The resources the server serves: the built-in kinds of kube-apiserver v1.35 the harness and
// the rehearsal touch (their scope, subresources and the field selectors each one supports; the
// list as `kubectl api-resources` shows it on kind v0.31.0's node image), and, at run time, the
// kinds CustomResourceDefinitions add once Established (crd-registry.ts). One table for the
// tests' in-process server and the control plane's kube-apiserver double.

export interface FakeResource {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  singular?: string;
  shortNames?: string[];
  /** `status`, `log`, `exec`, `portforward`, `finalize`, `token`, … */
  subresources?: string[];
  /**
   * Field selector labels besides metadata.name (and metadata.namespace for namespaced kinds);
   * undefined: none. Sources: the ToSelectableFields of each kind's registry strategy
   * (kubernetes/kubernetes pkg/registry/core/<kind>/strategy.go) and the field label conversion
   * funcs (pkg/apis/core/v1/conversion.go); custom resources: spec.versions[].selectableFields.
   */
  fieldSelectors?: string[];
  /** The core kinds with field label conversion funcs answer `field label not supported: x`. */
  conversionFuncs?: boolean;
  /** Set for kinds a CRD serves: the CRD's name. */
  crd?: string;
  /** A custom resource kind with the status subresource: status is its own endpoint. */
  hasStatus?: boolean;
}

const r = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<FakeResource> = {},
): FakeResource => ({
  group,
  version,
  kind,
  plural,
  namespaced,
  singular: kind.toLowerCase(),
  ...extra,
});

const status = ["status"];

/** Built-in kinds (no CRD needed). */
export const BUILT_IN_RESOURCES: readonly FakeResource[] = [
  r("", "v1", "Namespace", "namespaces", false, {
    shortNames: ["ns"],
    subresources: ["status", "finalize"],
    fieldSelectors: ["status.phase"],
    conversionFuncs: true,
  }),
  r("", "v1", "Node", "nodes", false, {
    shortNames: ["no"],
    subresources: ["status", "proxy"],
    fieldSelectors: ["spec.unschedulable"],
    conversionFuncs: true,
  }),
  r("", "v1", "Service", "services", true, {
    shortNames: ["svc"],
    subresources: ["status", "proxy"],
    fieldSelectors: ["spec.clusterIP", "spec.type"],
    conversionFuncs: true,
  }),
  r("", "v1", "Endpoints", "endpoints", true, { shortNames: ["ep"] }),
  r("", "v1", "Pod", "pods", true, {
    shortNames: ["po"],
    subresources: ["status", "log", "exec", "portforward", "attach", "binding", "eviction", "proxy"],
    fieldSelectors: [
      "spec.nodeName",
      "spec.restartPolicy",
      "spec.schedulerName",
      "spec.serviceAccountName",
      "spec.hostNetwork",
      "status.phase",
      "status.podIP",
      "status.nominatedNodeName",
    ],
    conversionFuncs: true,
  }),
  r("", "v1", "ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  r("", "v1", "Secret", "secrets", true, { fieldSelectors: ["type"], conversionFuncs: true }),
  r("", "v1", "ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"], subresources: ["token"] }),
  r("", "v1", "PersistentVolume", "persistentvolumes", false, { shortNames: ["pv"], subresources: status }),
  r("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, {
    shortNames: ["pvc"],
    subresources: status,
  }),
  r("", "v1", "ResourceQuota", "resourcequotas", true, { shortNames: ["quota"], subresources: status }),
  r("", "v1", "LimitRange", "limitranges", true, { shortNames: ["limits"] }),
  r("", "v1", "Event", "events", true, {
    shortNames: ["ev"],
    fieldSelectors: [
      "involvedObject.kind",
      "involvedObject.namespace",
      "involvedObject.name",
      "involvedObject.uid",
      "involvedObject.apiVersion",
      "involvedObject.resourceVersion",
      "involvedObject.fieldPath",
      "reason",
      "reportingComponent",
      "source",
      "type",
    ],
    conversionFuncs: true,
  }),
  r("events.k8s.io", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  r("apps", "v1", "DaemonSet", "daemonsets", true, { shortNames: ["ds"], subresources: status }),
  r("apps", "v1", "Deployment", "deployments", true, {
    shortNames: ["deploy"],
    subresources: ["status", "scale"],
  }),
  r("apps", "v1", "ReplicaSet", "replicasets", true, {
    shortNames: ["rs"],
    subresources: ["status", "scale"],
    fieldSelectors: ["status.replicas"],
  }),
  r("apps", "v1", "StatefulSet", "statefulsets", true, {
    shortNames: ["sts"],
    subresources: ["status", "scale"],
  }),
  r("apps", "v1", "ControllerRevision", "controllerrevisions", true),
  r("batch", "v1", "Job", "jobs", true, { subresources: status, fieldSelectors: ["status.successful"] }),
  r("coordination.k8s.io", "v1", "Lease", "leases", true),
  r("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, { shortNames: ["netpol"] }),
  r("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  r("networking.k8s.io", "v1", "Ingress", "ingresses", true, { shortNames: ["ing"], subresources: status }),
  r("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, { shortNames: ["pc"] }),
  r("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, { shortNames: ["sc"] }),
  r("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, {
    shortNames: ["pdb"],
    subresources: status,
  }),
  r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  r("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, {
    shortNames: ["crd", "crds"],
    subresources: status,
  }),
  // Recent Gateway API bundles ship a ValidatingAdmissionPolicy and its binding.
  r("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false, {
    subresources: status,
  }),
  r(
    "admissionregistration.k8s.io",
    "v1",
    "ValidatingAdmissionPolicyBinding",
    "validatingadmissionpolicybindings",
    false,
  ),
  r(
    "admissionregistration.k8s.io",
    "v1",
    "ValidatingWebhookConfiguration",
    "validatingwebhookconfigurations",
    false,
  ),
  r(
    "admissionregistration.k8s.io",
    "v1",
    "MutatingWebhookConfiguration",
    "mutatingwebhookconfigurations",
    false,
  ),
  r("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, { subresources: status }),
  r("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false, {
    shortNames: ["csr"],
    subresources: ["status", "approval"],
  }),
];

/** Groups whose list items come back without apiVersion/kind (built-in types, as a real server). */
export function isBuiltIn(resource: FakeResource): boolean {
  return resource.crd === undefined;
}

export function groupVersionOf(resource: { group: string; version: string }): string {
  return resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
