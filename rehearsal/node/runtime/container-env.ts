// A container's environment as the kubelet makes it (kubernetes/kubernetes pkg/kubelet/
// kubelet_pods.go makeEnvironmentVariables): the `kubernetes` Service's variables first (always,
// service links or not), then envFrom (ConfigMap/Secret, with prefix; invalid names skipped), then
// env in order — `value` with $(VAR) expansion against what came before, fieldRef
// (metadata.name/namespace/uid/labels['k']/annotations['k'], spec.nodeName,
// spec.serviceAccountName, status.hostIP(s), status.podIP(s)), resourceFieldRef (limits/requests
// with divisor; an unset limit reads as the node's allocatable), configMapKeyRef/secretKeyRef
// (optional ones skipped). A missing required source is CreateContainerConfigError, as the kubelet
// reports it. The double adds its CC_* variables (contract 2 of rehearsal/README.md).

type Json = Record<string, unknown>;

export interface EnvSources {
  configMaps: ReadonlyMap<string, Record<string, string> | undefined>;
  secrets: ReadonlyMap<string, Record<string, string> | undefined>;
}

export interface EnvContext {
  pod: Json;
  container: Json;
  nodeName: string;
  nodeIP: string;
  podIP: string;
  /** The `kubernetes` Service: KUBERNETES_SERVICE_HOST/PORT as the kubelet sets them. */
  kubernetesService: { host: string; port: number };
  /** The node's allocatable, for resourceFieldRef of unset limits. */
  allocatable: { cpuMillis: number; memoryBytes: number };
  sources: EnvSources;
}

export class ContainerConfigError extends Error {
  override readonly name = "ContainerConfigError";
  readonly reason = "CreateContainerConfigError";
}

const meta = (pod: Json) => (pod.metadata ?? {}) as Json;
const spec = (pod: Json) => (pod.spec ?? {}) as Json;

/** Names `ConfigMap ns/name` etc. in `sources` maps: key is `<namespace>/<name>`. */
function sourceKey(pod: Json, name: string): string {
  return `${String(meta(pod).namespace ?? "default")}/${name}`;
}

function fieldValue(ctx: EnvContext, path: string): string {
  const m = meta(ctx.pod);
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (keyed) return String(((m[keyed[1] ?? ""] ?? {}) as Json)[keyed[2] ?? ""] ?? "");
  switch (path) {
    case "metadata.name":
      return String(m.name ?? "");
    case "metadata.namespace":
      return String(m.namespace ?? "");
    case "metadata.uid":
      return String(m.uid ?? "");
    case "spec.nodeName":
      return ctx.nodeName;
    case "spec.serviceAccountName":
      return String(spec(ctx.pod).serviceAccountName ?? "default");
    case "status.hostIP":
    case "status.hostIPs":
      return ctx.nodeIP;
    case "status.podIP":
    case "status.podIPs":
      return ctx.podIP;
    default:
      throw new ContainerConfigError(`unsupported fieldRef ${path}`);
  }
}

function parseQuantity(text: string): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text.trim());
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  const factors: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return value * (factors[match[2] ?? ""] ?? Number.NaN);
}

function resourceValue(ctx: EnvContext, ref: Json): string {
  const container = ref.containerName
    ? (((spec(ctx.pod).containers ?? []) as Json[]).find((c) => c.name === ref.containerName) ??
      ctx.container)
    : ctx.container;
  const resource = String(ref.resource ?? "");
  const [kind, name] = resource.split(".");
  const resources = (container.resources ?? {}) as Json;
  const set = ((resources[kind ?? ""] ?? {}) as Json)[name ?? ""];
  const isCpu = name === "cpu";
  let amount = set === undefined ? undefined : parseQuantity(String(set));
  if (amount === undefined) amount = isCpu ? ctx.allocatable.cpuMillis / 1000 : ctx.allocatable.memoryBytes;
  const divisor = parseQuantity(String(ref.divisor ?? "1"));
  // The kubelet rounds up (resource.ExtractContainerResourceValue uses ceiling division).
  return String(Math.ceil(amount / divisor));
}

function keyRef(
  ctx: EnvContext,
  kind: "ConfigMap" | "Secret",
  ref: Json,
  variable: string,
): string | undefined {
  const map = kind === "ConfigMap" ? ctx.sources.configMaps : ctx.sources.secrets;
  const name = String(ref.name ?? "");
  const data = map.get(sourceKey(ctx.pod, name));
  const optional = ref.optional === true;
  if (data === undefined) {
    if (optional) return undefined;
    throw new ContainerConfigError(`${kind.toLowerCase()} "${name}" not found`);
  }
  const key = String(ref.key ?? "");
  if (!(key in data)) {
    if (optional) return undefined;
    throw new ContainerConfigError(`couldn't find key ${key} in ${kind} ${sourceKey(ctx.pod, name)}`);
  }
  void variable;
  return data[key];
}

/** $(VAR) expansion as kubelet's expansion.Expand: $$ escapes, unknown references stay verbatim. */
export function expandReferences(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === "$$") return "$";
    return name !== undefined && name in env ? (env[name] ?? "") : whole;
  });
}

const VALID_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function containerEnvironment(ctx: EnvContext): Record<string, string> {
  const env: Record<string, string> = {};
  const svc = ctx.kubernetesService;
  Object.assign(env, {
    KUBERNETES_SERVICE_HOST: svc.host,
    KUBERNETES_SERVICE_PORT: String(svc.port),
    KUBERNETES_SERVICE_PORT_HTTPS: String(svc.port),
    KUBERNETES_PORT: `tcp://${svc.host}:${svc.port}`,
    [`KUBERNETES_PORT_${svc.port}_TCP`]: `tcp://${svc.host}:${svc.port}`,
    [`KUBERNETES_PORT_${svc.port}_TCP_PROTO`]: "tcp",
    [`KUBERNETES_PORT_${svc.port}_TCP_PORT`]: String(svc.port),
    [`KUBERNETES_PORT_${svc.port}_TCP_ADDR`]: svc.host,
  });
  for (const from of (ctx.container.envFrom ?? []) as Json[]) {
    const kind = from.configMapRef ? "ConfigMap" : "Secret";
    const ref = (from.configMapRef ?? from.secretRef ?? {}) as Json;
    const map = kind === "ConfigMap" ? ctx.sources.configMaps : ctx.sources.secrets;
    const data = map.get(sourceKey(ctx.pod, String(ref.name ?? "")));
    if (data === undefined) {
      if (ref.optional === true) continue;
      throw new ContainerConfigError(`${kind.toLowerCase()} "${String(ref.name ?? "")}" not found`);
    }
    for (const [key, value] of Object.entries(data)) {
      const name = `${String(from.prefix ?? "")}${key}`;
      if (VALID_NAME.test(name)) env[name] = value;
    }
  }
  for (const entry of (ctx.container.env ?? []) as Json[]) {
    const name = String(entry.name ?? "");
    const from = entry.valueFrom as Json | undefined;
    if (!from) {
      env[name] = expandReferences(String(entry.value ?? ""), env);
      continue;
    }
    let value: string | undefined;
    if (from.fieldRef) value = fieldValue(ctx, String((from.fieldRef as Json).fieldPath ?? ""));
    else if (from.resourceFieldRef) value = resourceValue(ctx, from.resourceFieldRef as Json);
    else if (from.configMapKeyRef) value = keyRef(ctx, "ConfigMap", from.configMapKeyRef as Json, name);
    else if (from.secretKeyRef) value = keyRef(ctx, "Secret", from.secretKeyRef as Json, name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** The ConfigMaps and Secrets (namespace/name) a container's env refers to, to fetch beforehand. */
export function envSourceNames(pod: Json, container: Json): { configMaps: string[]; secrets: string[] } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const from of (container.envFrom ?? []) as Json[]) {
    if (from.configMapRef) configMaps.add(sourceKey(pod, String((from.configMapRef as Json).name ?? "")));
    if (from.secretRef) secrets.add(sourceKey(pod, String((from.secretRef as Json).name ?? "")));
  }
  for (const entry of (container.env ?? []) as Json[]) {
    const from = (entry.valueFrom ?? {}) as Json;
    if (from.configMapKeyRef)
      configMaps.add(sourceKey(pod, String((from.configMapKeyRef as Json).name ?? "")));
    if (from.secretKeyRef) secrets.add(sourceKey(pod, String((from.secretKeyRef as Json).name ?? "")));
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}
