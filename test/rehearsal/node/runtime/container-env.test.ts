import { describe, expect, it } from "vitest";
import {
  ContainerConfigError,
  containerEnvironment,
  envSourceNames,
  expandReferences,
} from "../../../../rehearsal/node/runtime/container-env.ts";

const pod = {
  metadata: { name: "echo-7d9", namespace: "suite", uid: "u-1", labels: { app: "echo" } },
  spec: { nodeName: "w1", serviceAccountName: "sa" },
};
const context = (
  container: Record<string, unknown>,
  cms: [string, Record<string, string> | undefined][] = [],
) => ({
  pod,
  container,
  nodeName: "w1",
  nodeIP: "192.168.5.9",
  podIP: "10.244.1.4",
  kubernetesService: { host: "10.96.0.1", port: 443 },
  allocatable: { cpuMillis: 2000, memoryBytes: 8 * 1024 ** 3 },
  sources: { configMaps: new Map(cms), secrets: new Map([["suite/creds", { token: "s3cret" }]]) },
});

describe("containerEnvironment (the kubelet's makeEnvironmentVariables)", () => {
  it("resolves the downward API, resource fields, ConfigMap and Secret keys, after the kubernetes Service's variables", () => {
    const env = containerEnvironment(
      context(
        {
          resources: { limits: { memory: "128Mi" } },
          env: [
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
            { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
            { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
            { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            {
              name: "MEM_MI",
              valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } },
            },
            { name: "CPUS", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
            { name: "LEVEL", valueFrom: { configMapKeyRef: { name: "cfg", key: "level" } } },
            { name: "TOKEN", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } },
            { name: "URL", value: "http://$(POD_IP):80/$(UNKNOWN)/$$(POD_IP)" },
          ],
        },
        [["suite/cfg", { level: "debug" }]],
      ),
    );
    expect(env).toMatchObject({
      KUBERNETES_SERVICE_HOST: "10.96.0.1",
      KUBERNETES_SERVICE_PORT: "443",
      KUBERNETES_PORT_443_TCP_ADDR: "10.96.0.1",
      POD_NAME: "echo-7d9",
      NAMESPACE: "suite",
      APP: "echo",
      NODE: "w1",
      HOST_IP: "192.168.5.9",
      POD_IP: "10.244.1.4",
      MEM_MI: "128",
      CPUS: "2",
      LEVEL: "debug",
      TOKEN: "s3cret",
      URL: "http://10.244.1.4:80/$(UNKNOWN)/$(POD_IP)",
    });
  });

  it("lets the pod's own KUBERNETES_SERVICE_HOST win (Cilium's agent points it at the API server)", () => {
    const env = containerEnvironment(
      context({ env: [{ name: "KUBERNETES_SERVICE_HOST", value: "192.168.5.10" }] }),
    );
    expect(env.KUBERNETES_SERVICE_HOST).toBe("192.168.5.10");
  });

  it("fails a missing ConfigMap key as CreateContainerConfigError, skips an optional one", () => {
    const missing = () =>
      containerEnvironment(
        context({ env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "nope" } } }] }, [
          ["suite/cfg", {}],
        ]),
      );
    expect(missing).toThrow(ContainerConfigError);
    expect(missing).toThrow("couldn't find key nope in ConfigMap suite/cfg");
    const optional = containerEnvironment(
      context(
        { env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "gone", key: "k", optional: true } } }] },
        [["suite/gone", undefined]],
      ),
    );
    expect(optional.X).toBeUndefined();
  });

  it("reads envFrom with prefixes and lists the sources to fetch", () => {
    const container = {
      envFrom: [{ configMapRef: { name: "cfg" }, prefix: "CFG_" }],
      env: [{ name: "T", valueFrom: { secretKeyRef: { name: "creds", key: "token" } } }],
    };
    expect(
      containerEnvironment(context(container, [["suite/cfg", { level: "info", "bad key": "x" }]])),
    ).toMatchObject({ CFG_level: "info" });
    expect(envSourceNames(pod, container)).toEqual({ configMaps: ["suite/cfg"], secrets: ["suite/creds"] });
    expect(expandReferences("$(A)-$(B)", { A: "1" })).toBe("1-$(B)");
  });
});
