import { describe, expect, it } from "vitest";
import { behaviourFor, processLine, startPlan } from "../../../rehearsal/node/image-behaviours.ts";
import { parseImageReference } from "../../../rehearsal/node/runtime/image-reference.ts";

describe("image references (distribution/reference normalisation)", () => {
  it("puts short names on docker.io/library and splits tag and digest", () => {
    expect(parseImageReference("busybox:1.37.0")).toEqual({
      repository: "docker.io/library/busybox",
      tag: "1.37.0",
      digest: undefined,
    });
    expect(parseImageReference("docker.io/library/busybox:1.37.0").repository).toBe(
      "docker.io/library/busybox",
    );
    expect(parseImageReference("quay.io/cilium/cilium:v1.18.11@sha256:abc")).toEqual({
      repository: "quay.io/cilium/cilium",
      tag: "v1.18.11",
      digest: "sha256:abc",
    });
    expect(parseImageReference("localhost:5000/x").repository).toBe("localhost:5000/x");
    expect(parseImageReference("nginx").tag).toBe("latest");
  });
});

describe("contract 1: image → behaviour", () => {
  it("finds the suites' images and the control plane's, whatever the tag or digest", () => {
    const start = (image: string, line: string[]) => {
      const behaviour = behaviourFor(image);
      if (!behaviour) throw new Error(`no behaviour for ${image}`);
      return startPlan(behaviour, processLine(behaviour, { command: line }));
    };
    expect(start("registry.k8s.io/gateway-api/echo-basic:v1.5.1", ["./echo-basic"])).toEqual({
      kind: "program",
      program: "rehearsal/workloads/echo-basic.ts",
      args: [],
    });
    expect(start("docker.io/library/busybox:1.37.0", ["sleep", "86400"])).toEqual({
      kind: "native",
      argv: ["sleep", "86400"],
    });
    expect(start("registry.k8s.io/kube-apiserver:v1.35.0", ["kube-apiserver", "--secure-port=6443"])).toEqual(
      {
        kind: "program",
        program: "rehearsal/node/control-plane/kube-apiserver.ts",
        args: ["--secure-port=6443"],
      },
    );
    expect(behaviourFor("registry.k8s.io/coredns/coredns:v1.13.1@sha256:1")).toBeDefined();
  });

  it("starts the agent image's containers by their command, as the chart runs them", () => {
    const cilium = behaviourFor("quay.io/cilium/cilium:v1.18.11@sha256:abc");
    if (!cilium) throw new Error("no behaviour for the agent image");
    expect(startPlan(cilium, ["cilium-agent", "--config-dir=/tmp/cilium/config-map"])).toEqual({
      kind: "program",
      program: "rehearsal/cilium/agent/main.ts",
      args: ["--config-dir=/tmp/cilium/config-map"],
    });
    expect(startPlan(cilium, ["cilium-dbg", "build-config"])).toMatchObject({
      kind: "program",
      args: ["build-config"],
    });
    expect(startPlan(cilium, ["/bin/bash", "-c", "--", "mount | grep bpf"])).toMatchObject({
      kind: "exit",
      code: 0,
    });
    expect(startPlan(cilium, ["/usr/bin/cilium-something"])).toEqual({
      kind: "missing",
      command: "/usr/bin/cilium-something",
    });
    expect(cilium.exec).toMatchObject({ "cilium-dbg": "rehearsal/cilium/cilium-dbg/main.ts" });
  });

  it("has no behaviour for an image it does not know (the runtime then fails it as unpullable)", () => {
    expect(behaviourFor("ghcr.io/someone/unknown:1")).toBeUndefined();
  });

  it("combines command and args with the image's entrypoint and cmd as Kubernetes does", () => {
    const image = { entrypoint: ["/entry"], cmd: ["--default"] };
    expect(processLine(image, {})).toEqual(["/entry", "--default"]);
    expect(processLine(image, { args: ["--x"] })).toEqual(["/entry", "--x"]);
    expect(processLine(image, { command: ["sleep"], args: ["86400"] })).toEqual(["sleep", "86400"]);
    expect(processLine(image, { command: ["sh", "-c", "true"] })).toEqual(["sh", "-c", "true"]);
  });
});
