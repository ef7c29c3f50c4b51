import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodeReleaseSecret } from "../../../../rehearsal/cilium-cli/install/helm-release.ts";
import { runCli } from "../../../../rehearsal/cilium-cli/run-cli.ts";
import type { FakeKubeApi } from "../../../support/fake-kube-api.ts";
import { recordingIo, startRehearsalApi } from "../../support/rehearsal-api.ts";

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const HOMELAB_VALUES = `
kubeProxyReplacement: true
k8sServiceHost: 192.168.5.9
k8sServicePort: 6443
ipam:
  mode: kubernetes
devices: [eth0]
l2announcements:
  enabled: true
  leaseDuration: 15s
k8sClientRateLimit:
  qps: 30
  burst: 60
gatewayAPI:
  enabled: true
operator:
  replicas: 1
hubble:
  enabled: true
  relay:
    enabled: true
  ui:
    enabled: true
`;

async function valuesFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cc-values-"));
  const path = join(dir, "values.yaml");
  await writeFile(path, text);
  return path;
}

async function install(
  args: string[],
  options: { withoutGatewayApi?: boolean; seed?: (api: FakeKubeApi) => void } = {},
) {
  const started = await startRehearsalApi(options);
  api = started.api;
  options.seed?.(api);
  const io = recordingIo({ KUBECONFIG: started.kubeconfig });
  const code = await runCli(["install", ...args], io);
  return { code, io, api: started.api };
}

const get = (fake: FakeKubeApi, apiVersion: string, kind: string, name: string, namespace = "kube-system") =>
  // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of whole Kubernetes objects
  fake.get({ apiVersion, kind, name, namespace }) as Record<string, any> | undefined;

describe("cilium install", () => {
  it("installs the chart's objects for homelab values on kind, with kind's auto-detected cluster name", async () => {
    const { code, io, api } = await install(["--version", "1.18.11", "-f", await valuesFile(HOMELAB_VALUES)]);
    expect(io.err).toBe("");
    expect(code).toBe(0);
    expect(io.out.split("\n")).toEqual(
      expect.arrayContaining([
        "🔮 Auto-detected Kubernetes kind: kind",
        "ℹ️  Using Cilium version 1.18.11",
        "🔮 Auto-detected cluster name: kind-cc-test",
      ]),
    );
    const agent = get(api, "apps/v1", "DaemonSet", "cilium");
    expect(agent?.spec.selector).toEqual({ matchLabels: { "k8s-app": "cilium" } });
    expect(agent?.metadata.labels).toMatchObject({
      "k8s-app": "cilium",
      "app.kubernetes.io/name": "cilium-agent",
      "app.kubernetes.io/managed-by": "Helm",
    });
    expect(agent?.metadata.annotations).toMatchObject({
      "meta.helm.sh/release-name": "cilium",
      "meta.helm.sh/release-namespace": "kube-system",
    });
    const container = agent?.spec.template.spec.containers[0];
    expect(container.image).toBe(
      "quay.io/cilium/cilium:v1.18.11@sha256:e6945db60ad6d3b384e06ed678dbcee65f57f2f9fdcc64e976e7319f3db2b485",
    );
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: "KUBERNETES_SERVICE_HOST", value: "192.168.5.9" },
        { name: "KUBERNETES_SERVICE_PORT", value: "6443" },
      ]),
    );
    expect(agent?.spec.template.spec.tolerations).toEqual([{ operator: "Exists" }]);
    const operator = get(api, "apps/v1", "Deployment", "cilium-operator");
    expect(operator?.spec.replicas).toBe(1);
    expect(operator?.spec.template.spec.containers[0].image).toMatch(
      /^quay\.io\/cilium\/operator-generic:v1\.18\.11@sha256:/,
    );
    expect(get(api, "apps/v1", "DaemonSet", "cilium-envoy")?.spec.selector.matchLabels).toEqual({
      "k8s-app": "cilium-envoy",
    });
    expect(get(api, "v1", "Service", "hubble-peer")?.spec.ports[0]).toMatchObject({
      port: 443,
      targetPort: 4244,
    });
    expect(get(api, "v1", "Service", "hubble-relay")?.spec).toMatchObject({
      selector: { "k8s-app": "hubble-relay" },
      ports: [{ port: 80, targetPort: "grpc" }],
    });
    expect(get(api, "v1", "Service", "hubble-ui")?.spec.ports).toEqual([
      { name: "http", port: 80, protocol: "TCP", targetPort: 8081 },
    ]);
    expect(get(api, "v1", "Secret", "hubble-relay-client-certs")?.type).toBe("kubernetes.io/tls");
    const config = get(api, "v1", "ConfigMap", "cilium-config")?.data;
    expect(config).toMatchObject({
      "cluster-name": "kind-cc-test",
      "kube-proxy-replacement": "true",
      ipam: "kubernetes",
      "routing-mode": "tunnel",
      "tunnel-protocol": "vxlan",
      devices: "eth0",
      "enable-l2-announcements": "true",
      "l2-announcements-lease-duration": "15s",
      "k8s-client-qps": "30",
      "enable-gateway-api": "true",
      "enable-lb-ipam": "true",
      "enable-hubble": "true",
      // cni.install: the agent writes the conflist once ready (the node turns Ready then).
      "write-cni-conf-when-ready": "/host/etc/cni/net.d/05-cilium.conflist",
      "cni-exclusive": "true",
      "cni-log-file": "/var/run/cilium/cilium-cni.log",
    });
    expect(config).not.toHaveProperty("l2-announcements-renew-deadline");
    expect(
      api.get({ apiVersion: "gateway.networking.k8s.io/v1", kind: "GatewayClass", name: "cilium" })?.spec,
    ).toEqual({
      controllerName: "io.cilium/gateway-controller",
      description: "The default Cilium GatewayClass",
    });
    const release = get(api, "v1", "Secret", "sh.helm.release.v1.cilium.v1");
    expect(release?.metadata.labels).toEqual({
      name: "cilium",
      owner: "helm",
      status: "deployed",
      version: "1",
    });
    const decoded = decodeReleaseSecret(release as never);
    expect(decoded.chart?.metadata?.version).toBe("1.18.11");
    expect(decoded.config).toMatchObject({
      cluster: { name: "kind-cc-test" },
      operator: { replicas: 1 },
      ipam: { mode: "kubernetes" },
    });
  });

  it("creates no GatewayClass when the Gateway API CRDs are not served (gatewayClass.create: auto)", async () => {
    const { code, api } = await install(["--version", "1.18.11", "-f", await valuesFile(HOMELAB_VALUES)], {
      withoutGatewayApi: true,
    });
    expect(code).toBe(0);
    expect(api.requestsMatching("POST", "/gatewayclasses")).toEqual([]);
    expect(get(api, "apps/v1", "DaemonSet", "cilium")).toBeDefined();
  });

  it("auto-sets kube-proxy replacement and the real API server endpoint only for keys left unset", async () => {
    const { code, api } = await install(["--version", "1.19.5", "--set", "hubble.relay.enabled=false"], {
      seed: (fake) =>
        fake.put({
          apiVersion: "discovery.k8s.io/v1",
          kind: "EndpointSlice",
          metadata: { name: "kubernetes", namespace: "default" },
          addressType: "IPv4",
          endpoints: [{ addresses: ["172.18.0.2"] }],
          ports: [{ name: "https", port: 6443, protocol: "TCP" }],
        }),
    });
    expect(code).toBe(0);
    const env = get(api, "apps/v1", "DaemonSet", "cilium")?.spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: "KUBERNETES_SERVICE_HOST", value: "172.18.0.2" },
        { name: "KUBERNETES_SERVICE_PORT", value: "6443" },
      ]),
    );
    expect(get(api, "v1", "ConfigMap", "cilium-config")?.data["kube-proxy-replacement"]).toBe("true");
    // No relay, no UI by default: their Deployments are not rendered.
    expect(get(api, "apps/v1", "Deployment", "hubble-relay")).toBeUndefined();
  });

  it("refuses Cilium before 1.16 after auto-detection, as v0.19.7's install/helm.go does", async () => {
    const { code, io, api } = await install(["--version", "1.15.19"]);
    expect(code).toBe(1);
    expect(io.out).toContain("ℹ️  Using Cilium version 1.15.19");
    expect(io.err).toBe("\nError: Unable to install Cilium: cilium version unsupported 1.15.19\n");
    expect(get(api, "apps/v1", "DaemonSet", "cilium")).toBeUndefined();
  });

  it("reports a schema type error as Helm v4's jsonschema check does, creating nothing", async () => {
    const { code, io, api } = await install([
      "--version",
      "1.17.17",
      "-f",
      await valuesFile('hubble:\n  relay:\n    enabled: "false"\nk8sClientRateLimit:\n  qps: 7.5\n'),
    ]);
    expect(code).toBe(1);
    expect(io.err).toBe(
      "\nError: Unable to install Cilium: values don't meet the specifications of the schema(s) in the following chart(s):\ncilium:\n- at '/hubble/relay/enabled': got string, want boolean\n- at '/k8sClientRateLimit/qps': got number, want null or integer\n\n",
    );
    expect(get(api, "v1", "Secret", "sh.helm.release.v1.cilium.v1")).toBeUndefined();
  });

  it("fails the chart's cluster name check for a name over 32 characters", async () => {
    const { code, io } = await install([
      "--version",
      "1.18.11",
      "--set",
      "cluster.name=a-very-long-cluster-name-over-thirty-two",
    ]);
    expect(code).toBe(1);
    expect(io.err).toBe(
      "\nError: Unable to install Cilium: execution error at (cilium/templates/validate.yaml:156:5): The cluster name is invalid: must not be more than 32 characters\n",
    );
  });

  it("refuses kubeProxyReplacement: strict on 1.16+ (the chart's cilium-configmap.yaml check)", async () => {
    const { code, io } = await install(["--version", "1.16.19", "--set", "kubeProxyReplacement=strict"]);
    expect(code).toBe(1);
    expect(io.err).toContain(
      "execution error at (cilium/templates/cilium-configmap.yaml:71:5): kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.",
    );
  });

  it("refuses a second install of the same release", async () => {
    const { api } = await install(["--version", "1.18.11"]);
    const io = recordingIo({ KUBECONFIG: await api.writeKubeconfig({ contexts: ["kind-cc-test"] }) });
    expect(await runCli(["install", "--version", "1.18.11"], io)).toBe(1);
    expect(io.err).toBe(
      "\nError: Unable to install Cilium: release name check failed: cannot reuse a name that is still in use\n",
    );
  });
});

describe("cilium version", () => {
  it("prints v0.19.7's client line without a cluster", async () => {
    const io = recordingIo({ KUBECONFIG: "/nonexistent" });
    expect(await runCli(["version", "--client"], io)).toBe(0);
    expect(io.out.split("\n")[0]).toBe("cilium-cli: v0.19.7 compiled with go1.26.5 on linux/amd64");
    expect(io.out).toContain("cilium image (default): v1.19.5");
  });

  it("fails like cobra on an unknown flag", async () => {
    const io = recordingIo({});
    expect(await runCli(["status", "--bogus"], io)).toBe(1);
    expect(io.err).toBe("unknown flag: --bogus\n");
  });
});
