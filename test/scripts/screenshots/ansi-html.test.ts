import { describe, expect, it } from "vitest";
import { ansiToHtml } from "../../../scripts/screenshots/ansi-html.ts";
import { colourStyle } from "../../../src/checks/format/terminal-style.ts";

describe("ansiToHtml", () => {
  it("turns the console's colours into spans and escapes the text", () => {
    const line = `${colourStyle.green("✔")} up ${colourStyle.dim("1m 02s of 15m")} <kind>`;
    expect(ansiToHtml(line)).toBe(
      '<span style="color:#23d18b">✔</span> up <span style="opacity:.65">1m 02s of 15m</span> &lt;kind&gt;',
    );
  });

  it("keeps a colour across a bold reset and drops escape sequences it does not style", () => {
    const text = `\u001b[31m\u001b[1mFAILED\u001b[22m — 2 of 3\u001b[39m\u001b[2K done`;
    expect(ansiToHtml(text)).toBe(
      '<span style="color:#f14c4c;font-weight:bold">FAILED</span><span style="color:#f14c4c"> — 2 of 3</span> done',
    );
  });
});
