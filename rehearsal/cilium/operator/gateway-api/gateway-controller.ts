// The Gateway API controllers of Cilium's operator against the API server (operator/pkg/gateway-api
// cell.go, gatewayclass_reconcile.go, gateway_reconcile.go, secretsync): the required CRDs are
// checked once at start (missing ones disable the whole feature, as in Cilium); GatewayClasses of
// io.cilium/gateway-controller are Accepted; every Cilium Gateway is reconciled whenever something
// it watches changes (Gateways, classes, routes, Services, Secrets, Namespaces, ReferenceGrants),
// writing route statuses, the Service/Endpoints/CiliumEnvoyConfig (create, or merge-patch what
// differs, as controllerutil.CreateOrPatch does) and the Gateway's status; failures retry with
// backoff. Referenced TLS Secrets are copied into the secrets namespace as `<ns>-<name>`.

import type { Condition } from "../../../k8s/conditions.ts";
import { type Informer, kindInformer } from "../../../k8s/informer.ts";
import { type KubeObjects, keyOf, type Obj } from "../../../k8s/kube-objects.ts";
import { KubeApiError } from "../../../k8s/kube-rest-client.ts";
import type { Logger } from "../../log-line.ts";
import { type GatewayWorld, gatewayClassStatus, reconcileGateway } from "./gateway-reconcile.ts";
import { CONTROLLER_NAME, type GatewayObj, type ReferenceGrantObj, type RouteObj } from "./gateway-types.ts";
import {
  cecLabels,
  OWNING_GATEWAY_LABEL,
  serviceLabels,
  shortened,
  type Translation,
  type TranslatorConfig,
} from "./translation/cilium-envoy-config.ts";

const GW = "gateway.networking.k8s.io/v1";

export interface GatewayControllerOptions {
  objects: KubeObjects;
  minor: number;
  config: TranslatorConfig;
  secretsSync: boolean;
  log: Logger;
  faults?: { classNotAccepted?: boolean; neverProgrammed?: boolean; backendsNotFound?: boolean };
  now?: () => Date;
}

/** cell.go checkCRD(s): each CRD must exist and list the version (1.16 also requires TLSRoute v1alpha2). */
export async function missingGatewayCrds(objects: KubeObjects, minor: number): Promise<string[]> {
  const required: [string, string][] = [
    ["gatewayclasses", "v1"],
    ["gateways", "v1"],
    ["httproutes", "v1"],
    ["grpcroutes", "v1"],
    ["referencegrants", "v1beta1"],
    ...(minor < 17 ? ([["tlsroutes", "v1alpha2"]] as [string, string][]) : []),
  ];
  const missing: string[] = [];
  for (const [plural, version] of required) {
    const name = `${plural}.gateway.networking.k8s.io`;
    const crd = (await objects.get({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      name,
    })) as (Obj & { spec?: { versions?: { name: string }[] } }) | undefined;
    if (!crd) missing.push(`customresourcedefinitions.apiextensions.k8s.io "${name}" not found`);
    else if (!(crd.spec?.versions ?? []).some((v) => v.name === version))
      missing.push(`CRD "${name}" does not have version "${version}"`);
  }
  return missing;
}

export class GatewayController {
  readonly #options: GatewayControllerOptions;
  readonly #log: Logger;
  readonly #informers: Record<string, Informer<Obj>>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #failures = 0;
  #stopped = false;

  constructor(options: GatewayControllerOptions) {
    this.#options = options;
    this.#log = options.log.with({ subsys: "gateway-controller" });
    const onError = (error: unknown) => this.#log.warn("Failed to watch", { error: String(error) });
    const informer = (apiVersion: string, kind: string) =>
      kindInformer(options.objects, { apiVersion, kind }, { onError });
    this.#informers = {
      classes: informer(GW, "GatewayClass"),
      gateways: informer(GW, "Gateway"),
      httpRoutes: informer(GW, "HTTPRoute"),
      grpcRoutes: informer(GW, "GRPCRoute"),
      grants: informer("gateway.networking.k8s.io/v1beta1", "ReferenceGrant"),
      services: informer("v1", "Service"),
      namespaces: informer("v1", "Namespace"),
      secrets: informer("v1", "Secret"),
    };
    for (const one of Object.values(this.#informers)) {
      one.on({ upsert: () => this.#schedule(20), delete: () => this.#schedule(20) });
    }
  }

  async start(): Promise<void> {
    for (const one of Object.values(this.#informers)) one.start();
    await Promise.all(Object.values(this.#informers).map((one) => one.synced));
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await Promise.all(Object.values(this.#informers).map((one) => one.stop()));
    await this.#running;
  }

  /** Resolves after the pass in progress (tests). */
  async settled(): Promise<void> {
    await this.#running;
  }

  #schedule(ms: number): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#running.then(() => this.#pass());
    }, ms);
  }

  #list<T extends Obj>(name: string): T[] {
    return (this.#informers[name]?.list() ?? []) as T[];
  }

  async #pass(): Promise<void> {
    let failed = false;
    try {
      await this.#reconcileClasses();
    } catch (error) {
      failed = true;
      this.#log.warn("Failed to reconcile GatewayClasses", { error: String(error) });
    }
    const classes = new Map(
      this.#list<Obj & { spec?: { controllerName?: string } }>("classes").map((c) => [
        c.metadata.name,
        c.spec?.controllerName,
      ]),
    );
    for (const gateway of this.#list<GatewayObj>("gateways").sort((a, b) =>
      keyOf(a).localeCompare(keyOf(b)),
    )) {
      if (
        classes.get(gateway.spec.gatewayClassName) !== CONTROLLER_NAME ||
        gateway.metadata.deletionTimestamp
      )
        continue;
      try {
        if (!(await this.#reconcile(gateway))) failed = true;
      } catch (error) {
        failed = true;
        this.#log.warn("Failed to reconcile Gateway", { resource: keyOf(gateway), error: String(error) });
      }
    }
    if (this.#options.secretsSync) {
      try {
        await this.#syncSecrets(classes);
      } catch (error) {
        this.#log.warn("Failed to sync TLS secrets", { error: String(error) });
      }
    }
    // controller-runtime requeues a failed item with exponential backoff.
    if (failed) {
      this.#failures += 1;
      this.#schedule(Math.min(30_000, 250 * 2 ** this.#failures));
    } else {
      this.#failures = 0;
    }
  }

  async #reconcileClasses(): Promise<void> {
    if (this.#options.faults?.classNotAccepted) return;
    for (const gatewayClass of this.#list<
      Obj & { spec?: { controllerName?: string }; status?: { conditions?: Condition[] } }
    >("classes")) {
      if (gatewayClass.spec?.controllerName !== CONTROLLER_NAME || gatewayClass.metadata.deletionTimestamp)
        continue;
      const status = gatewayClassStatus(gatewayClass, this.#now());
      if (!status) continue;
      this.#log.info("Reconciling GatewayClass", { resource: gatewayClass.metadata.name });
      await this.#options.objects.updateStatus({ ...gatewayClass, status });
    }
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }

  #world(): GatewayWorld {
    const gateways = this.#list<GatewayObj>("gateways");
    const services = new Map(
      this.#list<Obj & { spec?: { ports?: { port: number }[] } }>("services").map((s) => [
        keyOf(s),
        s.spec ?? {},
      ]),
    );
    const secrets = new Map(
      this.#list<Obj & { data?: Record<string, string> }>("secrets").map((s) => [keyOf(s), s]),
    );
    return {
      gateway: (namespace, name) =>
        gateways.find((gw) => gw.metadata.namespace === namespace && gw.metadata.name === name),
      classController: (name) =>
        this.#list<Obj & { spec?: { controllerName?: string } }>("classes").find(
          (c) => c.metadata.name === name,
        )?.spec?.controllerName,
      namespaces: () => this.#list<Obj>("namespaces"),
      serviceExists: (namespace, name) => services.has(`${namespace}/${name}`),
      grants: this.#list<ReferenceGrantObj>("grants"),
      now: () => this.#now(),
      tlsSecretProblem: (namespace, name) => {
        const secret = secrets.get(`${namespace}/${name}`);
        if (!secret) return `secrets "${name}" not found`;
        if (!isPem(secret.data?.["tls.crt"])) return "PEM format error in TLS Certificate";
        if (!isPem(secret.data?.["tls.key"])) return "PEM format error in TLS Key";
        return undefined;
      },
      httpRoutes: this.#list<RouteObj>("httpRoutes"),
      grpcRoutes: this.#list<RouteObj>("grpcRoutes"),
      services,
      gatewayServiceIngress: (namespace, gatewayName) => {
        const service = this.#list<
          Obj & { status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } }
        >("services").find(
          (s) =>
            s.metadata.namespace === namespace &&
            s.metadata.labels?.[OWNING_GATEWAY_LABEL] === shortened(gatewayName),
        );
        return service ? (service.status?.loadBalancer?.ingress ?? []) : undefined;
      },
    };
  }

  /** One Reconcile; false when it failed (the pass requeues). */
  async #reconcile(gateway: GatewayObj): Promise<boolean> {
    const { objects } = this.#options;
    const log = this.#log.with({ resource: keyOf(gateway) });
    log.info("Reconciling Gateway");
    const result = reconcileGateway(gateway, this.#world(), this.#options.minor, this.#options.config, {
      ...(this.#options.faults?.neverProgrammed ? { neverProgrammed: true } : {}),
      ...(this.#options.faults?.backendsNotFound ? { backendsNotFound: true } : {}),
    });
    for (const { route, status } of result.routeStatuses) {
      try {
        await objects.updateStatus({
          ...route,
          apiVersion: route.apiVersion ?? GW,
          kind: route.kind ?? "HTTPRoute",
          status,
        } as Obj);
      } catch (error) {
        if (error instanceof KubeApiError && (error.code === 409 || error.code === 404)) return false;
        throw error;
      }
    }
    if (result.translation) await this.#ensureObjects(gateway, result.translation);
    if (result.status) {
      try {
        await objects.updateStatus({
          ...gateway,
          apiVersion: GW,
          kind: "Gateway",
          status: result.status,
        } as Obj);
      } catch (error) {
        if (error instanceof KubeApiError && (error.code === 409 || error.code === 404)) return false;
        throw error;
      }
    }
    if (result.error) {
      log.warn("Reconcile failed", { error: result.error });
      return false;
    }
    log.info("Successfully reconciled Gateway");
    return true;
  }

  async #ensureObjects(gateway: GatewayObj, translation: Translation): Promise<void> {
    const name = translation.name;
    const namespace = translation.namespace;
    const ownerReferences = [translation.ownerReference];
    const labels = serviceLabels(translation, gateway.metadata.name);
    const annotations = translation.annotations;
    const meta = (extraLabels: Record<string, string>) => ({
      name,
      namespace,
      labels: extraLabels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ownerReferences,
    });
    await this.#createOrPatch(
      { apiVersion: "v1", kind: "Service", metadata: meta(labels), spec: translation.service },
      ["spec"],
    );
    await this.#createOrPatch(
      { apiVersion: "v1", kind: "Endpoints", metadata: meta(labels), subsets: translation.endpoints.subsets },
      ["subsets"],
    );
    await this.#createOrPatch(
      {
        apiVersion: "cilium.io/v2",
        kind: "CiliumEnvoyConfig",
        metadata: meta(cecLabels(translation, gateway.metadata.name)),
        spec: translation.cec,
      },
      ["spec"],
    );
  }

  /** CreateOrPatch: create, or merge-patch labels/annotations (merged), owners and the listed fields. */
  async #createOrPatch(desired: Obj, fields: string[]): Promise<void> {
    const { objects } = this.#options;
    const ref = {
      apiVersion: desired.apiVersion as string,
      kind: desired.kind as string,
      name: desired.metadata.name,
      namespace: desired.metadata.namespace,
    };
    const current = await objects.get(ref);
    if (!current) {
      await objects.create(desired);
      return;
    }
    const patch: Record<string, unknown> = {};
    const metadata: Record<string, unknown> = {};
    const mergedDiffers = (key: "labels" | "annotations") =>
      Object.entries(desired.metadata[key] ?? {}).some(([k, v]) => current.metadata[key]?.[k] !== v);
    if (mergedDiffers("labels")) metadata.labels = desired.metadata.labels;
    if (mergedDiffers("annotations")) metadata.annotations = desired.metadata.annotations;
    if (
      JSON.stringify(current.metadata.ownerReferences ?? []) !==
      JSON.stringify(desired.metadata.ownerReferences ?? [])
    )
      metadata.ownerReferences = desired.metadata.ownerReferences;
    if (Object.keys(metadata).length > 0) patch.metadata = metadata;
    for (const field of fields) {
      let value = desired[field];
      if (desired.kind === "Service" && field === "spec")
        value = serviceSpecPatch(current, value as Record<string, unknown>);
      if (!contains(current[field], value)) patch[field] = value;
    }
    if (Object.keys(patch).length > 0) await objects.mergePatch(ref, patch);
  }

  /** secretsync: Secrets a Cilium Gateway's listeners reference, copied as `<ns>-<name>`. */
  async #syncSecrets(classes: Map<string, string | undefined>): Promise<void> {
    const { objects, config } = this.#options;
    const wanted = new Set<string>();
    for (const gateway of this.#list<GatewayObj>("gateways")) {
      if (classes.get(gateway.spec.gatewayClassName) !== CONTROLLER_NAME) continue;
      for (const listener of gateway.spec.listeners) {
        for (const ref of listener.tls?.certificateRefs ?? []) {
          if ((ref.kind ?? "Secret") === "Secret" && (ref.group ?? "") === "")
            wanted.add(`${ref.namespace ?? gateway.metadata.namespace}/${ref.name}`);
        }
      }
    }
    const secrets = new Map(
      this.#list<Obj & { type?: string; data?: Record<string, string> }>("secrets").map((s) => [keyOf(s), s]),
    );
    for (const key of wanted) {
      const source = secrets.get(key);
      if (!source) continue;
      const [namespace, name] = key.split("/") as [string, string];
      const copyName = `${namespace}-${name}`;
      const copy = secrets.get(`${config.secretsNamespace}/${copyName}`);
      if (copy && JSON.stringify(copy.data ?? {}) === JSON.stringify(source.data ?? {})) continue;
      const body: Obj = {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
          name: copyName,
          namespace: config.secretsNamespace,
          labels: {
            "secretsync.cilium.io/source-namespace": namespace,
            "secretsync.cilium.io/source-name": name,
          },
        },
        ...(source.type ? { type: source.type } : {}),
        data: source.data ?? {},
      };
      if (copy)
        await objects.update({
          ...body,
          metadata: { ...body.metadata, resourceVersion: copy.metadata.resourceVersion },
        });
      else
        await objects.create(body).catch((error: unknown) => {
          if (!(error instanceof KubeApiError && (error.code === 404 || error.code === 409))) throw error;
        });
    }
  }
}

/** The desired spec with what the API server allocated kept (storage.go patchAllocatedValues). */
function serviceSpecPatch(current: Obj, desired: Record<string, unknown>): Record<string, unknown> {
  const spec = (current.spec ?? {}) as {
    ports?: { port: number; nodePort?: number }[];
    loadBalancerClass?: string;
  };
  const ports = (desired.ports as { port: number }[]).map((port) => {
    const nodePort = spec.ports?.find((existing) => existing.port === port.port)?.nodePort;
    return nodePort ? { ...port, nodePort } : port;
  });
  return { ...desired, ports };
}

/** Whether `actual` already holds everything `wanted` says (objects by key, arrays element-wise). */
function contains(actual: unknown, wanted: unknown): boolean {
  if (wanted === undefined) return true;
  if (Array.isArray(wanted))
    return (
      Array.isArray(actual) &&
      actual.length === wanted.length &&
      wanted.every((item, i) => contains(actual[i], item))
    );
  if (wanted && typeof wanted === "object") {
    if (!actual || typeof actual !== "object") return false;
    return Object.entries(wanted).every(([key, value]) =>
      contains((actual as Record<string, unknown>)[key], value),
    );
  }
  return actual === wanted;
}

function isPem(base64: string | undefined): boolean {
  if (!base64) return false;
  const text = Buffer.from(base64, "base64").toString("utf8");
  return /-----BEGIN [A-Z0-9 ]+-----[\s\S]+?-----END [A-Z0-9 ]+-----/.test(text);
}
