// The rehearsal's API server registry: admission for the kinds whose API strategies do more than
// store (pods, services, namespaces, workloads; CRDs are the API server's own, kube-api/) and the subresources pods/binding (the
// scheduler's) and serviceaccounts/token (the kubelet's TokenRequest), plugged into the API
// server through ApiExtensions.

import type {
  ApiExtensions,
  ApiWrite,
  SubresourceAnswer,
  SubresourceRequest,
} from "../../kube-api/api-extensions.ts";
import type { Json } from "../../kube-api/object-store.ts";
import { metadataOf } from "../../kube-api/object-store.ts";
import type { FakeResource } from "../../kube-api/resources.ts";
import type { KubeApiServer } from "../../kube-api/server.ts";
import { StatusError } from "../../kube-api/status.ts";
import { admitPod } from "./pod-defaults.ts";
import { issueToken } from "./service-account-tokens.ts";
import { ServiceAllocator } from "./service-allocation.ts";
import { admitWorkload } from "./workload-defaults.ts";

const timestamp = (date: Date) => date.toISOString().replace(/\.\d+Z$/, "Z");

export interface RegistryOptions {
  serviceCidr: string;
  nodePortRange: [number, number];
  serviceAccountSigningKey: string;
}

export class Registry implements ApiExtensions {
  readonly services: ServiceAllocator;
  private server: KubeApiServer | undefined;
  private readonly options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
    this.services = new ServiceAllocator(options.serviceCidr, options.nodePortRange);
  }

  attach(server: KubeApiServer): void {
    this.server = server;
  }

  admit(write: ApiWrite): void {
    const { resource, object, old } = write;
    const creating = write.operation === "CREATE";
    if (resource.group === "" && resource.plural === "pods") {
      admitPod(object, creating);
      if (old) this.keepImmutablePodFields(object, old);
    } else if (resource.group === "" && resource.plural === "services") {
      this.services.admit(object, old, `${write.key.namespace}/${write.key.name}`);
    } else if (resource.group === "" && resource.plural === "namespaces") {
      const spec = (object.spec ?? {}) as Json;
      object.spec = spec;
      if (creating) spec.finalizers ??= ["kubernetes"];
      object.status ??= { phase: "Active" };
      const labels = (metadataOf(object).labels ?? {}) as Record<string, string>;
      metadataOf(object).labels = { ...labels, "kubernetes.io/metadata.name": write.key.name };
    } else if (resource.group === "apps") {
      admitWorkload(resource.kind, object);
    }
  }

  /** spec.nodeName is set once, by binding; an update may not change it (pod validation). */
  private keepImmutablePodFields(object: Json, old: Json): void {
    const before = (old.spec as Json | undefined)?.nodeName;
    const spec = object.spec as Json;
    if (before !== undefined && spec.nodeName !== before) {
      throw new StatusError(
        422,
        "Invalid",
        `Pod "${String(metadataOf(old).name)}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`, ...`,
      );
    }
  }

  async subresource(request: SubresourceRequest): Promise<SubresourceAnswer | undefined> {
    const { resource, subresource, method } = request;
    if (
      resource.group === "" &&
      resource.plural === "pods" &&
      subresource === "binding" &&
      method === "POST"
    ) {
      return this.bind(request);
    }
    if (
      resource.group === "" &&
      resource.plural === "serviceaccounts" &&
      subresource === "token" &&
      method === "POST"
    ) {
      return this.tokenRequest(request);
    }
    return undefined;
  }

  /** pkg/registry/core/pod/storage BindingREST: set nodeName once, mark PodScheduled. */
  private bind(request: SubresourceRequest): SubresourceAnswer {
    const pod = structuredClone(request.existing);
    const meta = metadataOf(pod);
    const spec = (pod.spec ?? {}) as Json;
    const binding = JSON.parse(request.body || "{}") as { target?: { name?: string } };
    const node = binding.target?.name;
    if (!node) throw new StatusError(422, "Invalid", "Binding is invalid: target.name: Required value");
    if (meta.deletionTimestamp)
      throw new StatusError(
        409,
        "Conflict",
        `pod ${String(meta.name)} is being deleted, cannot be assigned to a host`,
      );
    if (spec.nodeName) {
      throw new StatusError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on pods/binding "${String(meta.name)}": pod ${String(meta.name)} is already assigned to node "${String(spec.nodeName)}"`,
      );
    }
    spec.nodeName = node;
    const status = (pod.status ?? {}) as Json;
    const conditions = ((status.conditions ?? []) as Json[]).filter((c) => c.type !== "PodScheduled");
    conditions.push({
      type: "PodScheduled",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: timestamp(new Date()),
    });
    pod.status = { ...status, conditions };
    this.server?.store.write(request.key, pod);
    return {
      code: 201,
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 },
    };
  }

  /** pkg/registry/core/serviceaccount/storage TokenREST. */
  private tokenRequest(request: SubresourceRequest): SubresourceAnswer {
    const body = JSON.parse(request.body || "{}") as {
      spec?: {
        audiences?: string[];
        expirationSeconds?: number;
        boundObjectRef?: { kind?: string; name?: string; uid?: string };
      };
    };
    const spec = body.spec ?? {};
    const sa = metadataOf(request.existing);
    const namespace = String(sa.namespace);
    const bound = spec.boundObjectRef;
    let pod: { name: string; uid: string } | undefined;
    if (bound?.kind === "Pod") {
      const stored = this.server?.store.get({
        group: "",
        plural: "pods",
        namespace,
        name: String(bound.name),
      });
      if (!stored || (bound.uid && metadataOf(stored).uid !== bound.uid)) {
        throw new StatusError(404, "NotFound", `pods "${String(bound.name)}" not found`);
      }
      pod = { name: String(bound.name), uid: String(metadataOf(stored).uid) };
    }
    const expirationSeconds = Math.max(600, spec.expirationSeconds ?? 3600);
    const issued = issueToken(
      this.options.serviceAccountSigningKey,
      {
        namespace,
        serviceAccount: { name: String(sa.name), uid: String(sa.uid) },
        ...(pod ? { pod } : {}),
        audiences: spec.audiences ?? [],
        expirationSeconds,
      },
      new Date(),
    );
    return {
      code: 201,
      body: {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        metadata: { name: sa.name, namespace, creationTimestamp: null },
        spec: { ...spec, expirationSeconds },
        status: { token: issued.token, expirationTimestamp: timestamp(issued.expires) },
      },
    };
  }

  removed(resource: FakeResource, object: Json): void {
    const meta = metadataOf(object);
    if (resource.group === "" && resource.plural === "services")
      this.services.release(`${String(meta.namespace)}/${String(meta.name)}`);
  }
}
