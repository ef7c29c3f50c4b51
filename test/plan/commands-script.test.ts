import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFiles } from "../../src/cluster/report-paths.ts";
import { quoteWithPlaceholders, renderCommandsScript } from "../../src/plan/commands-script.ts";
import { resolvePlaceholders, unresolvedPlaceholders } from "../../src/plan/placeholders.ts";
import { planRun } from "../../src/plan/plan-run.ts";
import { baseKind, modelFrom } from "./plan-model.ts";

const plan = () => planRun(modelFrom(), { runId: "t1", baseKindConfig: baseKind() });

describe("placeholders", () => {
  it("are replaced everywhere, leaving none behind", () => {
    const original = plan();
    expect(unresolvedPlaceholders(original)).toEqual([
      "${controlPlaneIp}",
      "${kubeconfig}",
      "${planDir}",
      "${reportDir}",
    ]);
    const resolved = resolvePlaceholders(original, {
      controlPlaneIp: "192.168.5.9",
      planDir: "/r/plan",
      kubeconfig: "/r/kubeconfig",
      reportDir: "/r",
    });
    expect(resolved.connectivity.argv).toContain("/r/connectivity/junit.xml");
    expect(resolved.cilium.overlay.k8sServiceHost).toBe("192.168.5.9");
    expect(resolved.cilium.installArgs).toContain("/r/plan/values.yaml");
    expect(unresolvedPlaceholders(resolved.cilium)).toEqual([]);
    expect(original.cilium.overlay.k8sServiceHost).toBe("${controlPlaneIp}");
  });
});

describe("commands.sh", () => {
  it("quotes arguments for sh and leaves placeholders as variables", () => {
    expect(quoteWithPlaceholders("${planDir}/values.yaml")).toBe('"${planDir}"/values.yaml');
    expect(quoteWithPlaceholders("it's")).toBe("'it'\\''s'");
    const echoed = execFileSync("sh", [
      "-c",
      `planDir='/a b'; printf '%s\\n' ${quoteWithPlaceholders("${planDir}/x y")}`,
    ]);
    expect(echoed.toString()).toBe("/a b/x y\n");
  });

  it("is a valid sh script with every up step in order", () => {
    const script = renderCommandsScript(plan());
    execFileSync("sh", ["-n", "-c", script]);
    const order = [
      "docker network create",
      "kind create cluster",
      "kubectl apply --server-side",
      "kubectl wait --for=condition=Established",
      "cilium install",
      "cilium status",
      "rollout status",
      "kubectl wait --for=condition=Ready",
    ];
    const positions = order.map((text) => script.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(script).toContain("KIND_EXPERIMENTAL_DOCKER_NETWORK=cc-lan-t1 kind create cluster");
    expect(script).toMatch(/controlPlaneIp=\$\(docker inspect/);
    expect(script).toContain("# kind delete cluster --name cc-t1");
    // The GatewayClass is the gateway-api suite's promise, not something up waits for.
    expect(script).not.toContain("gatewayclass/cilium");
  });

  it("writes the kubeconfig where up does: beside the plan folder, reports/<run-id>/kubeconfig", () => {
    const script = renderCommandsScript(plan());
    expect(script).toContain('kubeconfig="$(dirname "${planDir}")/kubeconfig"');
    expect(script).not.toContain('kubeconfig="${planDir}/kubeconfig"');
    // The same layout as report-paths.ts: <run dir>/plan and <run dir>/kubeconfig.
    const files = runFiles("/reports", "t1");
    expect(files.kubeconfig).toBe(join(dirname(files.planDir), "kubeconfig"));
    const resolved = execFileSync("sh", [
      "-c",
      `planDir=${files.planDir}; ${script.split("\n").find((line) => line.startsWith("kubeconfig="))}; echo "$kubeconfig"`,
    ]);
    expect(resolved.toString().trim()).toBe(files.kubeconfig);
  });

  it("waits for the Cilium release's rollouts like kubectl rollout status, per workload of the release", () => {
    const script = renderCommandsScript(plan());
    execFileSync("sh", ["-n", "-c", script]);
    expect(script).toMatch(
      /for w in \$\(kubectl -n kube-system get daemonsets,deployments -l app.kubernetes.io\/managed-by=Helm .*release-name=="cilium".*\); do kubectl -n kube-system rollout status "\$w" --timeout=120s; done/,
    );
  });
});
