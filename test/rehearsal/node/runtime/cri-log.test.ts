import { describe, expect, it } from "vitest";
import {
  formatLogLine,
  parseLogLine,
  rfc3339Nano,
  selectLogLines,
} from "../../../../rehearsal/node/runtime/cri-log.ts";

const FILE = [
  "2026-12-03T07:00:00.1Z stdout F first",
  "2026-12-03T07:00:30.25Z stderr F second",
  "2026-12-03T07:01:00.5Z stdout F third",
  "",
].join("\n");

describe("CRI container logs (kuberuntime/logs)", () => {
  it("writes and reads `<time> <stream> F <text>` lines", () => {
    const line = formatLogLine({ time: "2026-12-03T07:00:00.1Z", stream: "stdout", text: "hello world" });
    expect(line).toBe("2026-12-03T07:00:00.1Z stdout F hello world\n");
    expect(parseLogLine(line.trimEnd())).toEqual({
      time: "2026-12-03T07:00:00.1Z",
      stream: "stdout",
      text: "hello world",
    });
    expect(rfc3339Nano(new Date("2026-12-03T07:00:00.120Z"), 5)).toBe("2026-12-03T07:00:00.120000005Z");
    expect(rfc3339Nano(new Date("2026-12-03T07:00:00.000Z"))).toBe("2026-12-03T07:00:00Z");
  });

  it("answers kubectl logs' options: tailLines, sinceSeconds, sinceTime, timestamps, limitBytes", () => {
    const now = new Date("2026-12-03T07:01:10Z");
    expect(selectLogLines(FILE, { timestamps: false }, now)).toBe("first\nsecond\nthird\n");
    expect(selectLogLines(FILE, { timestamps: false, tailLines: 1 }, now)).toBe("third\n");
    expect(selectLogLines(FILE, { timestamps: false, sinceSeconds: 45 }, now)).toBe("second\nthird\n");
    expect(selectLogLines(FILE, { timestamps: true, sinceTime: "2026-12-03T07:00:45Z" }, now)).toBe(
      "2026-12-03T07:01:00.5Z third\n",
    );
    expect(selectLogLines(FILE, { timestamps: false, limitBytes: 8 }, now)).toBe("first\nse");
    expect(selectLogLines(FILE, { timestamps: false, tailLines: 0 }, now)).toBe("");
  });
});
