import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { packagePath } from "../../package-root.ts";

// Shipped at this path in the package too (see package.json "files").
const protoRoot = packagePath("src", "probes", "hubble", "proto");

/**
 * How messages are turned into objects: proto field names as written (snake_case, `IP`, `l4.TCP`),
 * enums as their names, 64-bit integers as strings — the shape of `hubble observe -o jsonpb`, so
 * one parser reads both (timestamps and wrappers excepted; see flow-parse.ts).
 */
export const observerLoaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: false,
  includeDirs: [protoRoot],
};

export interface ObserverServiceDefinition {
  Observer: grpc.ServiceClientConstructor;
}

let cached: ObserverServiceDefinition | undefined;

/** The Observer service, loaded once from the bundled .proto files. */
export function loadObserverService(): ObserverServiceDefinition {
  if (!cached) {
    const definition = protoLoader.loadSync("observer/observer.proto", observerLoaderOptions);
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      observer: ObserverServiceDefinition;
    };
    cached = loaded.observer;
  }
  return cached;
}
