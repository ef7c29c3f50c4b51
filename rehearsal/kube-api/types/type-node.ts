// The shape of an object's fields as server-side apply and field validation see them
// (structured-merge-diff's schema): which fields exist, which lists are atomic, sets or maps keyed
// by some fields, which maps are granular, and which strings are Time / MicroTime. Built from a
// CRD's structural schema (schema-types.ts) or from the built-in types (model-types.ts).

export type ListType = "atomic" | "set" | "map";

export interface TypeNode {
  readonly shape: "scalar" | "object" | "list" | "any";
  /** Object: the node of a field, or undefined when the schema does not declare it. */
  field(name: string): TypeNode | undefined;
  /** Object: undeclared fields are kept (x-kubernetes-preserve-unknown-fields, string maps). */
  readonly openFields: boolean;
  /** Object: a map with atomic ownership (x-kubernetes-map-type: atomic). */
  readonly atomicMap: boolean;
  /** List: the element node. */
  items(): TypeNode;
  readonly listType: ListType;
  readonly mapKeys: readonly string[];
  /** Scalar strings that are timestamps: `date-time` (Time) or `date-time-micro` (MicroTime). */
  readonly format: string | undefined;
}

export const ANY: TypeNode = {
  shape: "any",
  field: () => ANY,
  openFields: true,
  atomicMap: false,
  items: () => ANY,
  listType: "atomic",
  mapKeys: [],
  format: undefined,
};

export const SCALAR: TypeNode = { ...ANY, shape: "scalar", openFields: false, field: () => undefined };

/** Lists in ObjectMeta and the common built-in fields with their SSA list types. */
export function scalarWithFormat(format: string | undefined): TypeNode {
  return format ? { ...SCALAR, format } : SCALAR;
}
