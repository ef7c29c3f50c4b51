import { describe, expect, it } from "vitest";
import { type Fault, findFault } from "../../../rehearsal/faults/catalogue.ts";
import { type FaultRunEvidence, judgeFaultRun } from "../../../rehearsal/faults/judge-fault-run.ts";
import { green, red, madeUpReport as report, suite } from "./made-up-report.ts";

const NODEPORT = "a NodePort answers from the LAN client on every node";
const DAEMONSET = "runs no kube-proxy DaemonSet";

function fault(name: string): Fault {
  const found = findFault(name);
  if (!found) throw new Error(`no fault ${name}`);
  return found;
}

/** The run as it should be when kpr-nodeport-unanswered is active. */
function nodePortCaught(): FaultRunEvidence {
  return {
    exitCode: 1,
    report: report(
      suite("kube-proxy-replacement", [
        green(DAEMONSET),
        red(
          NODEPORT,
          "httpConsistency: no answer from NodePort http://192.168.5.3:30080/ (node cc-worker2) after 30s (last: wget exit 1)",
        ),
      ]),
      suite("lb-ipam", [green("a requested IP is honoured, including the pool's last address")]),
    ),
    files: [
      "report.json",
      "suites/kube-proxy-replacement/1-suite/diagnostics/index.json",
      "suites/kube-proxy-replacement/1-suite/diagnostics/events.json",
    ],
    leftovers: [],
  };
}

describe("judgeFaultRun", () => {
  it("finds the named case under the describe block a real report puts in front of it", () => {
    // As run writes them (the 14:30 fault run): "<describe> > <test>".
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    for (const testCase of kpr.cases) testCase.name = `kube-proxy replacement > ${testCase.name}`;
    expect(judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence)).toEqual({
      caught: true,
      problems: [],
      faults: [{ fault: "kpr-nodeport-unanswered", caught: true, problems: [] }],
    });
    // A red case the fault does not name is still another red case, prefix or not.
    kpr.cases[0] = red(`kube-proxy replacement > ${DAEMONSET}`, "kube-proxy DaemonSet found");
    expect(judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence).problems).toEqual([
      `another case is red: kube-proxy-replacement "kube-proxy replacement > ${DAEMONSET}": kube-proxy DaemonSet found`,
    ]);
  });

  it("a caught fault: exit 1, the named case red naming the cause, the rest green, diagnostics, nothing left", () => {
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], nodePortCaught());
    expect(verdict).toEqual({
      caught: true,
      problems: [],
      faults: [{ fault: "kpr-nodeport-unanswered", caught: true, problems: [] }],
    });
  });

  it("the named case green: not caught", () => {
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    kpr.cases[1] = green(NODEPORT);
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence);
    expect(verdict.caught).toBe(false);
    expect(verdict.faults[0]?.problems).toEqual([`case "${NODEPORT}" is passed, not red`]);
  });

  it("red for another reason (the message does not name the cause): not caught", () => {
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    kpr.cases[1] = red(NODEPORT, "expected 1 to be 0");
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence);
    expect(verdict.caught).toBe(false);
    expect(verdict.faults[0]?.problems[0]).toMatch(/does not name the cause .*expected 1 to be 0/);
  });

  it("red without any message: not caught", () => {
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    kpr.cases[1] = red(NODEPORT, "", { failureText: "no answer from NodePort" });
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence);
    expect(verdict.faults[0]?.problems).toEqual([`case "${NODEPORT}" is red without a failure message`]);
  });

  it("another case red too: not caught, and the other case is named", () => {
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    kpr.cases[0] = red(DAEMONSET, "kube-proxy DaemonSets found");
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence);
    expect(verdict.caught).toBe(false);
    expect(verdict.faults[0]?.caught).toBe(true);
    expect(verdict.problems).toEqual([
      `another case is red: kube-proxy-replacement "${DAEMONSET}": kube-proxy DaemonSets found`,
    ]);
  });

  it("a red teardown counts as another red case", () => {
    const evidence = nodePortCaught();
    const teardown = evidence.report!.suites.find((s) => s.name === "teardown")!;
    teardown.cases[0] = {
      ...red("Infrastructure/Teardown", "down could not remove: cc-x-worker"),
      status: "broken",
    };
    expect(judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence).problems[0]).toMatch(
      /another case is red: teardown "Infrastructure\/Teardown"/,
    );
  });

  it("a case the fault lists as a consequence may go red", () => {
    const withConsequence: Fault = {
      ...fault("kpr-nodeport-unanswered"),
      consequences: [{ case: DAEMONSET, why: "made up for the test" }],
    };
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    kpr.cases[0] = red(DAEMONSET, "kube-proxy DaemonSets found");
    expect(judgeFaultRun([withConsequence], evidence).caught).toBe(true);
  });

  it("a consequence in another suite is tolerated there only", () => {
    const evidence = nodePortCaught();
    const lb = evidence.report!.suites.find((s) => s.name === "lb-ipam")!;
    lb.cases[0] = red(lb.cases[0]!.name, "requested 192.168.5.254, got 192.168.5.31");
    const elsewhere: Fault = {
      ...fault("kpr-nodeport-unanswered"),
      consequences: [{ suite: "lb-ipam", case: lb.cases[0]!.name, why: "made up for the test" }],
    };
    expect(judgeFaultRun([elsewhere], evidence).caught).toBe(true);
    const ownSuite: Fault = {
      ...fault("kpr-nodeport-unanswered"),
      consequences: [{ case: lb.cases[0]!.name, why: "names the case but in the fault's own suite" }],
    };
    expect(judgeFaultRun([ownSuite], evidence).caught).toBe(false);
  });

  it("the wrong exit class: not caught", () => {
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], { ...nodePortCaught(), exitCode: 3 });
    expect(verdict.caught).toBe(false);
    expect(verdict.problems).toEqual(["exit code 3, expected 1"]);
  });

  it("a conformance fault reported as an infrastructure failure: not caught", () => {
    const evidence = nodePortCaught();
    const kpr = evidence.report!.suites.find((s) => s.name === "kube-proxy-replacement")!;
    kpr.cases[1] = { ...kpr.cases[1]!, status: "broken", infrastructure: true };
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], evidence);
    expect(verdict.faults[0]?.problems).toEqual([
      `case "${NODEPORT}" is red as an infrastructure failure, the fault is conformance`,
    ]);
  });

  it("no diagnostics, or only failed collectors, or another suite's: not caught", () => {
    for (const files of [
      ["report.json"],
      [
        "suites/kube-proxy-replacement/1-suite/diagnostics/index.json",
        "suites/kube-proxy-replacement/1-suite/diagnostics/events.error.txt",
      ],
      ["suites/lb-ipam/1-suite/diagnostics/events.json"],
    ]) {
      const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], { ...nodePortCaught(), files });
      expect(verdict.faults[0]?.problems, files.join(",")).toEqual([
        "no diagnostics collected under suites/kube-proxy-replacement/ (none, or only failed collectors)",
      ]);
    }
  });

  it("docker objects left, or no record of them: not caught", () => {
    const left = judgeFaultRun([fault("kpr-nodeport-unanswered")], {
      ...nodePortCaught(),
      leftovers: ["cc-r-worker", "cc-lan-r"],
    });
    expect(left.problems).toEqual(["docker objects left after the run: cc-r-worker, cc-lan-r"]);
    const unknown = judgeFaultRun([fault("kpr-nodeport-unanswered")], {
      ...nodePortCaught(),
      leftovers: undefined,
    });
    expect(unknown.problems).toEqual(["no record of the docker objects left after the run (rehearsal.json)"]);
  });

  it("no report: not caught, and says so", () => {
    const verdict = judgeFaultRun([fault("kpr-nodeport-unanswered")], {
      ...nodePortCaught(),
      report: undefined,
    });
    expect(verdict.caught).toBe(false);
    expect(verdict.problems).toContain("the run wrote no report.json");
  });

  it("a provisioning fault: exit 3, Infrastructure/Provisioning red, up's diagnostics", () => {
    const evidence: FaultRunEvidence = {
      exitCode: 3,
      report: {
        ...report(),
        suites: [
          suite(
            "provisioning",
            [
              {
                ...red(
                  "Infrastructure/Provisioning",
                  "kind-cluster failed: ERROR: failed to create cluster: failed to init node with kubeadm",
                ),
                status: "broken",
              },
            ],
            "provisioning",
          ),
        ],
      },
      files: ["diagnostics/docker-ps.txt", "diagnostics/kind-export-logs"],
      leftovers: [],
    };
    expect(judgeFaultRun([fault("kind-create-fails")], evidence).caught).toBe(true);
    expect(judgeFaultRun([fault("kind-create-fails")], { ...evidence, exitCode: 1 }).problems).toEqual([
      "exit code 1, expected 3",
    ]);
    expect(
      judgeFaultRun([fault("kind-create-fails")], { ...evidence, files: [] }).faults[0]?.problems,
    ).toEqual(["no diagnostics collected under diagnostics/ (none, or only failed collectors)"]);
  });

  it("several faults in one run (different suites): each judged, the run's exit is the worst class", () => {
    const evidence = nodePortCaught();
    evidence.report!.suites.splice(
      3,
      0,
      suite("hubble", [
        red(
          "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved",
          "[CC_WAIT_TIMEOUT] hubbleFlowsVisible: no FORWARDED flow to the echo pods after 60s (last: 12 flow(s), none with both pod names)",
        ),
      ]),
    );
    evidence.files = [...evidence.files, "suites/hubble/1-suite/diagnostics/events.json"];
    const both = judgeFaultRun(
      [fault("kpr-nodeport-unanswered"), fault("hubble-flows-without-pod-names")],
      evidence,
    );
    expect(both.caught).toBe(true);
    expect(both.faults.map((f) => f.caught)).toEqual([true, true]);
    const withInfra = judgeFaultRun(
      [
        fault("kpr-nodeport-unanswered"),
        fault("hubble-flows-without-pod-names"),
        fault("connectivity-no-junit"),
      ],
      evidence,
    );
    expect(withInfra.problems).toContain("exit code 1, expected 3");
    expect(withInfra.faults[2]?.problems).toContain("suite connectivity is not in the report");
  });
});
