import { describe, expect, it } from "vitest";
import { describeWgetExit, wgetCommand } from "../../src/probes/wget-command.ts";

const FIVE = { timeoutSeconds: 5 };

describe("wgetCommand", () => {
  it("bounds wget with BusyBox's timeout applet, never wget's -T (which crashes builds without it)", () => {
    const command = wgetCommand("http://10.0.0.1:8080/", FIVE);
    expect(command).toEqual(["timeout", "5", "wget", "-q", "-O", "-", "http://10.0.0.1:8080/"]);
    expect(command).not.toContain("-T");
  });
});

describe("describeWgetExit", () => {
  it("says a 143 is the timeout giving up, with its bound", () => {
    expect(describeWgetExit(143, "Terminated", FIVE)).toBe(
      "wget exit 143: no answer within 5 s (timeout stopped wget) — Terminated",
    );
  });

  it("names a crash and a kill instead of a bare number", () => {
    expect(describeWgetExit(139, "", FIVE)).toBe("wget exit 139: wget crashed (SIGSEGV)");
    expect(describeWgetExit(137, "", FIVE)).toBe("wget exit 137: wget was killed (SIGKILL)");
  });

  it("keeps what wget said on one line, cut at 200 characters", () => {
    const said = "wget: can't connect to remote host (10.0.0.1):\n Connection refused";
    expect(describeWgetExit(1, said, FIVE)).toBe(
      "wget exit 1: wget: can't connect to remote host (10.0.0.1): Connection refused",
    );
    expect(describeWgetExit(1, "x".repeat(500), FIVE)).toHaveLength("wget exit 1: ".length + 200);
  });
});
