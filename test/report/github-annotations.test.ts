import { describe, expect, it } from "vitest";
import { caseAnnotations, findingAnnotations, workflowCommand } from "../../src/report/github-annotations.ts";
import { sampleReport } from "./sample-report.ts";

describe("GitHub workflow commands", () => {
  it("escapes data and properties as the Actions runner reads them", () => {
    expect(
      workflowCommand("error", { file: "a,b.yaml", line: 3, title: "x: y" }, "50% done\nnext line\r"),
    ).toBe("::error file=a%2Cb.yaml,line=3,title=x%3A y::50%25 done%0Anext line%0D");
    expect(workflowCommand("notice", {}, "plain")).toBe("::notice::plain");
  });

  it("puts findings at their line in the workspace, and failed cases as job errors", () => {
    const model = sampleReport();
    expect(findingAnnotations(model.findings, { repoRoot: "/nonexistent/infra" })).toEqual([
      "::warning file=infra/pool.yaml,line=9,title=cilium-conformance%3A pool-range-includes-broadcast::the pool ends at .255 | the broadcast",
    ]);
    expect(caseAnnotations(model)).toEqual([
      "::error title=cilium-conformance%3A L2 announcements › failover to another node::l2Failover: no new holder answered after 30s (last: lease holder cc-worker2, ARP silent)",
      "::error title=cilium-conformance%3A cilium connectivity test › client-egress-l7::1 action(s) failed, first pod-to-pod:curl-ipv4-2 (a -> b)",
    ]);
  });
});
