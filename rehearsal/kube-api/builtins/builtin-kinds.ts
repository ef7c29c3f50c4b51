// What kube-apiserver does to the built-in kinds the harness writes beyond storing them: the
// defaults its scheme applies (pkg/apis/<group>/v1/defaults.go), the status a create starts with, the
// field rules that matter for the harness (pkg/apis/<group>/validation), and which kinds carry
// metadata.generation (their strategies' PrepareForCreate/Update bump it on spec changes).
// Only the parts the harness and the rehearsal depend on; the rest of a kind is stored as sent.

import type { Json } from "../object-store.ts";
import type { FieldError } from "../schema/schema.ts";
import { fieldError } from "../schema/validate.ts";

/** Built-in kinds whose strategy keeps metadata.generation (bumped when the spec changes). */
const GENERATION_KINDS = new Set([
  "apps/Deployment",
  "apps/DaemonSet",
  "apps/ReplicaSet",
  "apps/StatefulSet",
  "batch/Job",
  "/Pod",
  "networking.k8s.io/NetworkPolicy",
  "policy/PodDisruptionBudget",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
]);

export function hasGeneration(group: string, kind: string): boolean {
  return GENERATION_KINDS.has(`${group}/${kind}`);
}

const obj = (value: unknown): Json =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};

function defaultPodSpec(spec: Json): void {
  spec.restartPolicy ??= "Always";
  spec.dnsPolicy ??= "ClusterFirst";
  spec.schedulerName ??= "default-scheduler";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const container of [
    ...((spec.containers ?? []) as Json[]),
    ...((spec.initContainers ?? []) as Json[]),
  ]) {
    const image = String(container.image ?? "");
    container.imagePullPolicy ??=
      image.endsWith(":latest") || !/:[^/]+$/.test(image) ? "Always" : "IfNotPresent";
    container.terminationMessagePath ??= "/dev/termination-log";
    container.terminationMessagePolicy ??= "File";
    for (const port of (container.ports ?? []) as Json[]) port.protocol ??= "TCP";
  }
}

/** Scheme defaults of a built-in object, in place. */
export function applyBuiltInDefaults(group: string, kind: string, object: Json): void {
  const spec = obj(object.spec);
  switch (`${group}/${kind}`) {
    case "/Namespace":
      // The namespace strategy (pkg/registry/core/namespace/strategy.go) adds the finalizer.
      object.spec = { ...spec, finalizers: (spec.finalizers as string[] | undefined) ?? ["kubernetes"] };
      break;
    case "/Service": {
      object.spec = spec;
      spec.type ??= "ClusterIP";
      spec.sessionAffinity ??= "None";
      for (const port of (spec.ports ?? []) as Json[]) {
        port.protocol ??= "TCP";
        port.targetPort ??= port.port;
      }
      break;
    }
    case "/Pod":
      object.spec = spec;
      defaultPodSpec(spec);
      break;
    case "apps/Deployment": {
      object.spec = spec;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } };
      defaultPodSpec(obj(obj(spec.template).spec));
      break;
    }
    case "apps/DaemonSet": {
      object.spec = spec;
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      defaultPodSpec(obj(obj(spec.template).spec));
      break;
    }
    case "/Secret":
      object.type ??= "Opaque";
      break;
  }
}

/** The status a new object starts with (the strategies' PrepareForCreate). */
export function initialStatus(group: string, kind: string, object: Json): void {
  if (group === "" && kind === "Namespace") object.status = { phase: "Active" };
  // pkg/registry/core/pod/strategy.go PrepareForCreate: Pending, with the QoS class (qos.GetPodQOS).
  if (group === "" && kind === "Pod")
    object.status = { phase: "Pending", qosClass: podQos(obj(object.spec)) };
  if (group === "" && kind === "Service") object.status = { loadBalancer: {} };
}

/** The validation rules of built-in kinds that a lenient server would let through. */
export function builtInErrors(group: string, kind: string, object: Json): FieldError[] {
  const spec = obj(object.spec);
  const errors: FieldError[] = [];
  switch (`${group}/${kind}`) {
    case "/Pod":
      errors.push(...podSpecErrors(spec, "spec"));
      break;
    case "apps/Deployment":
    case "apps/DaemonSet":
    case "apps/ReplicaSet":
    case "apps/StatefulSet": {
      const selector = obj(spec.selector);
      const template = obj(spec.template);
      const labels = obj(obj(template.metadata).labels);
      if (!spec.selector) errors.push(fieldError("spec.selector", "FieldValueRequired", "Required value"));
      else {
        const matches = Object.entries(obj(selector.matchLabels)).every(
          ([key, value]) => labels[key] === value,
        );
        if (!matches) {
          errors.push(
            fieldError(
              "spec.template.metadata.labels",
              "FieldValueInvalid",
              `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
            ),
          );
        }
      }
      errors.push(...podSpecErrors(obj(template.spec), "spec.template.spec"));
      break;
    }
    case "/Service": {
      const ports = (spec.ports ?? []) as Json[];
      const type = String(spec.type ?? "ClusterIP");
      if (type !== "ExternalName" && ports.length === 0 && spec.clusterIP !== "None") {
        errors.push(fieldError("spec.ports", "FieldValueRequired", "Required value"));
      }
      const supported = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
      if (!supported.includes(type)) {
        errors.push(
          fieldError(
            "spec.type",
            "FieldValueNotSupported",
            `Unsupported value: ${JSON.stringify(type)}: supported values: ${supported.map((t) => JSON.stringify(t)).join(", ")}`,
          ),
        );
      }
      for (const [index, port] of ports.entries()) {
        if (ports.length > 1 && !port.name) {
          errors.push(fieldError(`spec.ports[${index}].name`, "FieldValueRequired", "Required value"));
        }
        const number = Number(port.port);
        if (!Number.isInteger(number) || number < 1 || number > 65535) {
          errors.push(
            fieldError(
              `spec.ports[${index}].port`,
              "FieldValueInvalid",
              `Invalid value: ${port.port}: must be between 1 and 65535, inclusive`,
            ),
          );
        }
      }
      break;
    }
    case "coordination.k8s.io/Lease": {
      const duration = spec.leaseDurationSeconds;
      if (duration !== undefined && Number(duration) <= 0) {
        errors.push(
          fieldError(
            "spec.leaseDurationSeconds",
            "FieldValueInvalid",
            `Invalid value: ${duration}: must be greater than 0`,
          ),
        );
      }
      break;
    }
  }
  return errors;
}

function podSpecErrors(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const containers = (spec.containers ?? []) as Json[];
  if (containers.length === 0)
    errors.push(fieldError(`${path}.containers`, "FieldValueRequired", "Required value"));
  const names = new Set<string>();
  for (const [index, container] of containers.entries()) {
    if (!container.name)
      errors.push(fieldError(`${path}.containers[${index}].name`, "FieldValueRequired", "Required value"));
    else if (names.has(String(container.name))) {
      errors.push(
        fieldError(
          `${path}.containers[${index}].name`,
          "FieldValueDuplicate",
          `Duplicate value: ${JSON.stringify(container.name)}`,
        ),
      );
    }
    names.add(String(container.name));
    if (!container.image)
      errors.push(fieldError(`${path}.containers[${index}].image`, "FieldValueRequired", "Required value"));
  }
  return errors;
}

/** Go's %#v of a map[string]string, as field.Invalid prints it: `map[string]string{"app":"echo"}`. */
function goMap(map: Json): string {
  return `map[string]string{${Object.keys(map)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(String(map[key]))}`)
    .join(", ")}}`;
}

/** pkg/apis/core/helper/qos GetPodQOS, for cpu and memory: no requests or limits anywhere → BestEffort;
 * limits set and equal to the requests for both, in every container → Guaranteed; else Burstable. */
function podQos(spec: Json): string {
  const containers = [...((spec.containers ?? []) as Json[]), ...((spec.initContainers ?? []) as Json[])];
  let any = false;
  let guaranteed = true;
  for (const container of containers) {
    const resources = obj(container.resources);
    const requests = obj(resources.requests);
    const limits = obj(resources.limits);
    for (const name of ["cpu", "memory"]) {
      if (requests[name] !== undefined || limits[name] !== undefined) any = true;
      const request = requests[name] ?? limits[name];
      if (limits[name] === undefined || String(request) !== String(limits[name])) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
