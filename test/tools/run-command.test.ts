import { describe, expect, it } from "vitest";
import { CommandFailedError, EnvironmentError } from "../../src/errors.ts";
import { REDACTED } from "../../src/tools/redact.ts";
import { createCommandRunner, STDERR_TAIL_LINES } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";

const node = process.execPath;

function makeRunner(verbose?: (line: string) => void) {
  const transcript = new Transcript();
  const runner = createCommandRunner({
    transcript,
    env: { PATH: process.env.PATH, BASE_VAR: "base" },
    ...(verbose ? { verbose } : {}),
  });
  return { transcript, runner };
}

describe("createCommandRunner", () => {
  it("runs argv without a shell and records a paste-safe transcript entry", async () => {
    const { transcript, runner } = makeRunner();
    const result = await runner.run(node, ["-e", "console.log(process.argv[1])", "$HOME; rm -rf /"]);
    expect(result.stdout).toBe("$HOME; rm -rf /");
    expect(result.exitCode).toBe(0);
    const [entry] = transcript.entries;
    expect(entry?.command).toBe(`${node} -e 'console.log(process.argv[1])' '$HOME; rm -rf /'`);
    expect(entry?.exitCode).toBe(0);
    expect(entry?.failed).toBe(false);
    expect(entry?.timedOut).toBe(false);
    expect(Number.isNaN(Date.parse(entry?.startedAt ?? ""))).toBe(false);
  });

  it("passes the base env plus per-call variables and nothing else", async () => {
    const { runner } = makeRunner();
    process.env.CC_LEAK_CHECK = "leaked";
    try {
      const result = await runner.run(
        node,
        [
          "-e",
          "console.log([process.env.BASE_VAR, process.env.CALL_VAR, process.env.CC_LEAK_CHECK].join(','))",
        ],
        { env: { CALL_VAR: "call" } },
      );
      expect(result.stdout).toBe("base,call,");
    } finally {
      delete process.env.CC_LEAK_CHECK;
    }
  });

  it("throws CommandFailedError with exit code, the last stderr lines and duration", async () => {
    const { transcript, runner } = makeRunner();
    const script = "for (let i = 1; i <= 30; i++) console.error('line ' + i); process.exit(7)";
    const error = await runner.run(node, ["-e", script]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailedError);
    const failure = (error as CommandFailedError).failure;
    expect(failure.exitCode).toBe(7);
    expect(failure.timedOut).toBe(false);
    const tail = failure.stderrTail.split("\n");
    expect(tail).toHaveLength(STDERR_TAIL_LINES);
    expect(tail[0]).toBe("line 11");
    expect(tail.at(-1)).toBe("line 30");
    expect(failure.command).toContain("process.exit(7)");
    expect((error as CommandFailedError).exitCode).toBe(3);
    expect(transcript.entries[0]).toMatchObject({ exitCode: 7, failed: true });
  });

  it("treats allowed exit codes as answers", async () => {
    const { transcript, runner } = makeRunner();
    const result = await runner.run("sh", ["-c", "echo missing >&2; exit 1"], { okExitCodes: [1] });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("missing");
    expect(transcript.entries[0]?.failed).toBe(false);
  });

  it("kills a command that outlives its timeout and says so", async () => {
    const { transcript, runner } = makeRunner();
    const started = Date.now();
    const error = await runner
      .run("sh", ["-c", "sleep 60; true"], { timeoutMs: 200 })
      .catch((e: unknown) => e);
    // Killed, not waited for: far less than the 60 s the command would run, whatever the load.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).failure.timedOut).toBe(true);
    expect((error as CommandFailedError).message).toMatch(/timed out after \d+ ms/);
    expect(transcript.entries[0]?.timedOut).toBe(true);
  });

  it("stops a command when its signal aborts", async () => {
    const { runner } = makeRunner();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await runner
      .run("sh", ["-c", "sleep 10"], { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).hint).toBe("the command was canceled");
  });

  it("reports a missing binary as a missing tool (exit 3) with the install hint", async () => {
    const { transcript, runner } = makeRunner();
    const error = await runner.run("/nonexistent/kind", ["version"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).code).toBe("CC_ENV_TOOL_MISSING");
    expect((error as EnvironmentError).hint).toContain("scripts/install-tools.sh");
    expect(transcript.entries[0]).toMatchObject({ exitCode: undefined, failed: true });
  });

  it("keeps secrets out of the transcript, the error and stdin", async () => {
    const { transcript, runner } = makeRunner();
    const secret = "tok-123456";
    const error = await runner
      .run(node, ["-e", "console.error('bad token ' + process.argv[1]); process.exit(2)", secret], {
        secrets: [secret],
        input: "kubeconfig-body",
      })
      .catch((e: unknown) => e);
    const serialized = JSON.stringify(transcript.toJSON());
    expect(serialized).not.toContain(secret);
    expect(serialized).toContain(REDACTED);
    expect(serialized).not.toContain("kubeconfig-body");
    expect((error as CommandFailedError).message).not.toContain(secret);
    expect((error as CommandFailedError).failure.stderrTail).toBe(`bad token ${REDACTED}`);
  });

  it("prints the verbose transcript lines", async () => {
    const lines: string[] = [];
    const { runner } = makeRunner((line) => lines.push(line));
    await runner.run("sh", ["-c", "true"]);
    await runner.run("sh", ["-c", "exit 4"]).catch(() => undefined);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] \$ sh -c true\n$/);
    expect(lines[1]).toMatch(/^✔ \(done in \d+ms\)\n$/);
    expect(lines[3]).toMatch(/^✖ \(exit 4 in \d+ms\)\n$/);
  });

  it("ends a command once stdout answers (stopWhen), returning what it printed, not a failure", async () => {
    const { transcript, runner } = makeRunner();
    const started = Date.now();
    // Prints its answer, then hangs like `cilium version --client` on a runner with silent egress.
    const result = await runner.run(
      "sh",
      ["-c", "echo 'cilium-cli: v0.19.7 compiled with go1.24.5'; sleep 30"],
      {
        timeoutMs: 20_000,
        stopWhen: (stdout) => stdout.includes("cilium-cli: v"),
      },
    );
    // Ended by the answer, before the 20 s timeout that would otherwise have ended it.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result).toMatchObject({
      stdout: "cilium-cli: v0.19.7 compiled with go1.24.5",
      stoppedOnAnswer: true,
    });
    expect(transcript.entries.at(-1)).toMatchObject({ failed: false, timedOut: false, exitCode: undefined });
  });

  it("still times out when the answer never comes", async () => {
    const { runner } = makeRunner();
    const error = await runner
      .run("sh", ["-c", "echo nothing useful; sleep 30"], {
        timeoutMs: 300,
        stopWhen: (out) => out.includes("v0."),
      })
      .catch((e: unknown) => e);
    expect((error as CommandFailedError).failure.timedOut).toBe(true);
  });
});
