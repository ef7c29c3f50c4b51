// The addresses a LoadBalancer asks LB-IPAM for through the IPs annotation (lbipam.cilium.io/ips,
// or a name this version still reads): a comma-separated list, on a Service's metadata or on a
// Gateway's spec.infrastructure (Cilium copies it onto the Gateway's Service).
import type { YamlPath } from "../repo/infra-model.ts";

export interface IpRequest {
  /** The address as written (it may not be an address at all). */
  text: string;
  path: YamlPath;
  /** Where it was asked for, for the message: "annotation lbipam.cilium.io/ips", ... */
  via: string;
}

/** One request per listed address of each annotation in `names`; `annotationsPath` is where they sit. */
export function annotatedIpRequests(
  annotations: Record<string, unknown>,
  names: readonly string[],
  annotationsPath: YamlPath,
): IpRequest[] {
  return names.flatMap((name) => {
    const value = annotations[name];
    if (typeof value !== "string") return [];
    return value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((text) => ({ text, path: [...annotationsPath, name], via: `annotation ${name}` }));
  });
}
