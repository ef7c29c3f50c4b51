// The gRPC services the double's Hubble speaks: Observer from the project's own proto files
// (src/probes/hubble/proto, the ones the harness's relay client uses) and Peer from the double's
// (rehearsal/cilium/proto), loaded with the same options so messages keep proto field names,
// enum names and 64-bit integers as strings.

import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { loadObserverService, observerLoaderOptions } from "../../../src/probes/hubble/observer-proto.ts";

const peerRoot = fileURLToPath(new URL("../proto/", import.meta.url));

export function observerService(): grpc.ServiceClientConstructor {
  return loadObserverService().Observer;
}

let peer: grpc.ServiceClientConstructor | undefined;

export function peerService(): grpc.ServiceClientConstructor {
  if (!peer) {
    const definition = protoLoader.loadSync("peer/peer.proto", {
      ...observerLoaderOptions,
      includeDirs: [peerRoot],
    });
    peer = (
      grpc.loadPackageDefinition(definition) as unknown as { peer: { Peer: grpc.ServiceClientConstructor } }
    ).peer.Peer;
  }
  return peer;
}

export interface ChangeNotification {
  name: string;
  address: string;
  type: "PEER_ADDED" | "PEER_DELETED" | "PEER_UPDATED";
  tls?: { server_name: string };
}

/** pkg/node/types Node.Fullname: "<cluster>/<node>" unless the cluster is named "default". */
export function peerFullname(nodeName: string, clusterName: string): string {
  return clusterName && clusterName !== "default" ? `${clusterName}/${nodeName}` : nodeName;
}

/** pkg/hubble/peer TLSServerName: <node>.<cluster>.hubble-grpc.cilium.io, dots as hyphens. */
export function peerTlsServerName(nodeName: string, clusterName: string): string {
  return [
    nodeName.replaceAll(".", "-"),
    (clusterName || "default").replaceAll(".", "-"),
    "hubble-grpc",
    "cilium.io",
  ].join(".");
}
