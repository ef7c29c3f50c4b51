// The minimal metadata every object on the wire has. Decision functions take plain JSON, exactly
// as the API server (and so Cilium) writes it; fields they read are typed per file.

export interface WireMetadata {
  name?: string;
  namespace?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
}

export interface WireObject {
  apiVersion?: string;
  kind?: string;
  metadata?: WireMetadata;
}

/** `kind ns/name` or `kind name` for messages. */
export function describeObject(object: WireObject | undefined): string {
  if (!object) return "object";
  const name = object.metadata?.name ?? "?";
  const where = object.metadata?.namespace ? `${object.metadata.namespace}/${name}` : name;
  return `${object.kind ?? "object"} ${where}`;
}
