// TypeNodes of the built-in kinds, read from @kubernetes/client-node's generated models: each
// model's attributeTypeMap lists the wire name (`baseName`), the type and the OpenAPI format of
// every field of the Kubernetes OpenAPI schema it was generated from. The models carry no
// x-kubernetes-list-type markers, so the associative lists server-side apply keys (the
// `+listType=map` / patchMergeKey fields of k8s.io/api) are listed below; other lists are
// atomic, as structured-merge-diff treats unannotated lists.

import * as models from "@kubernetes/client-node";
import { ANY, type ListType, SCALAR, scalarWithFormat, type TypeNode } from "./type-node.ts";

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

type ModelClass = { getAttributeTypeMap(): Attribute[] };

/** `Model.field` → [list type, map keys] (k8s.io/api core/v1, apps/v1, meta/v1 markers). */
const LIST_TYPES: Record<string, [ListType, string[]]> = {
  "V1ObjectMeta.finalizers": ["set", []],
  "V1ObjectMeta.ownerReferences": ["map", ["uid"]],
  "V1PodSpec.containers": ["map", ["name"]],
  "V1PodSpec.initContainers": ["map", ["name"]],
  "V1PodSpec.ephemeralContainers": ["map", ["name"]],
  "V1PodSpec.volumes": ["map", ["name"]],
  "V1PodSpec.imagePullSecrets": ["map", ["name"]],
  "V1PodSpec.hostAliases": ["map", ["ip"]],
  "V1PodSpec.topologySpreadConstraints": ["map", ["topologyKey", "whenUnsatisfiable"]],
  "V1Container.ports": ["map", ["containerPort", "protocol"]],
  "V1Container.env": ["map", ["name"]],
  "V1Container.volumeMounts": ["map", ["mountPath"]],
  "V1Container.volumeDevices": ["map", ["devicePath"]],
  "V1PodStatus.conditions": ["map", ["type"]],
  "V1PodStatus.podIPs": ["map", ["ip"]],
  "V1PodStatus.hostIPs": ["map", ["ip"]],
  "V1ServiceSpec.ports": ["map", ["port", "protocol"]],
  "V1ServiceStatus.conditions": ["map", ["type"]],
  "V1LoadBalancerStatus.ingress": ["atomic", []],
  "V1NodeStatus.conditions": ["map", ["type"]],
  "V1NodeStatus.addresses": ["map", ["type"]],
  "V1NodeSpec.podCIDRs": ["set", []],
  "V1NamespaceStatus.conditions": ["map", ["type"]],
  "V1DeploymentStatus.conditions": ["map", ["type"]],
  "V1DaemonSetStatus.conditions": ["map", ["type"]],
  "V1ReplicaSetStatus.conditions": ["map", ["type"]],
  "V1StatefulSetStatus.conditions": ["map", ["type"]],
  "V1CustomResourceDefinitionStatus.conditions": ["map", ["type"]],
  "V1CustomResourceDefinitionSpec.versions": ["atomic", []],
};

const cache = new Map<string, TypeNode>();

/** The TypeNode of a client-node model (`V1Pod`), or ANY for a name it does not know. */
export function modelType(name: string): TypeNode {
  const cached = cache.get(name);
  if (cached) return cached;
  const model = (models as unknown as Record<string, ModelClass | undefined>)[name];
  if (!model || typeof model.getAttributeTypeMap !== "function") return ANY;
  const attributes = new Map(model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute]));
  const node: TypeNode = {
    shape: "object",
    field: (field) => {
      const attribute = attributes.get(field);
      return attribute ? typeOf(attribute.type, attribute.format, `${name}.${field}`) : undefined;
    },
    openFields: false,
    atomicMap: false,
    items: () => ANY,
    listType: "atomic",
    mapKeys: [],
    format: undefined,
  };
  cache.set(name, node);
  return node;
}

function typeOf(type: string, format: string, where: string): TypeNode {
  if (format === "date-time" || format === "date-time-micro") return scalarWithFormat(format);
  if (type === "any") return ANY;
  if (["string", "number", "boolean", "Date", "IntOrString"].includes(type)) return SCALAR;
  const list = /^Array<(.+)>$/.exec(type);
  if (list?.[1]) {
    const element = list[1];
    const [listType, mapKeys] = LIST_TYPES[where] ?? ["atomic", []];
    return {
      ...ANY,
      shape: "list",
      openFields: false,
      field: () => undefined,
      items: () => typeOf(element, "", `${where}[]`),
      listType,
      mapKeys,
    };
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) {
    const value = map[1];
    return {
      shape: "object",
      field: () => typeOf(value, "", `${where}{}`),
      openFields: true,
      atomicMap: false,
      items: () => ANY,
      listType: "atomic",
      mapKeys: [],
      format: undefined,
    };
  }
  return modelType(type);
}

/** The model of each built-in kind (`group/version Kind` → client-node model name). */
export function modelNameFor(group: string, kind: string): string {
  if (group === "" && kind === "Event") return "CoreV1Event";
  if (group === "events.k8s.io" && kind === "Event") return "EventsV1Event";
  return `V1${kind}`;
}
