// TypeNodes of a custom resource from its CRD's structural schema. apiVersion, kind and metadata
// at the root (and in embedded resources) are the built-in ObjectMeta, whatever the schema says.

import { isObject, type Schema } from "../schema/schema.ts";
import { modelType } from "./model-types.ts";
import { ANY, SCALAR, type TypeNode } from "./type-node.ts";

export function schemaType(schema: Schema | undefined, root = true): TypeNode {
  if (!schema) return ANY;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (schema["x-kubernetes-int-or-string"]) return SCALAR;
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  const metaFields = root || embedded;
  switch (schema.type) {
    case "object": {
      const additional = isObject(schema.additionalProperties)
        ? (schema.additionalProperties as Schema)
        : undefined;
      return {
        shape: "object",
        field: (name) => {
          if (metaFields && name === "metadata") return modelType("V1ObjectMeta");
          if (metaFields && (name === "apiVersion" || name === "kind")) return SCALAR;
          const property = schema.properties?.[name];
          if (property) return schemaType(property, false);
          if (additional) return schemaType(additional, false);
          if (schema.additionalProperties === true || preserve) return ANY;
          return undefined;
        },
        openFields: preserve || schema.additionalProperties === true || additional !== undefined,
        atomicMap: schema["x-kubernetes-map-type"] === "atomic",
        items: () => ANY,
        listType: "atomic",
        mapKeys: [],
        format: undefined,
      };
    }
    case "array":
      return {
        ...ANY,
        shape: "list",
        openFields: false,
        field: () => undefined,
        items: () => schemaType(schema.items, false),
        listType: schema["x-kubernetes-list-type"] ?? "atomic",
        mapKeys: schema["x-kubernetes-list-map-keys"] ?? [],
      };
    case undefined:
      return preserve ? ANY : SCALAR;
    default:
      // A custom resource's strings stay as written (no Time normalisation: it is unstructured).
      return SCALAR;
  }
}
