// The connectivity test's JUnit file exactly as cilium-cli v0.19.7 writes it: the collector of
// connectivity/check/junit.go (one suite "connectivity test", package "cilium", property "Args" =
// os.Args[3:] joined by "|", one case per test; a run that collected nothing gets the synthetic
// "connectivity test setup" failure) and the encoding of connectivity/internal/junit
// (encoding/xml with xml.Header and Indent("  ", "    "), attributes in struct order, omitempty
// rules, floats as strconv.FormatFloat(f, 'g', -1, 64), Go's escaping, no final newline).

export interface JunitCase {
  name: string;
  status: "passed" | "skipped" | "failed";
  /** Seconds. */
  time: number;
  failure?: { message: string; failureMessages: string[]; text: string };
}

export interface JunitSuite {
  args: string[];
  /** RFC3339 of the first test's start. */
  timestamp: string;
  cases: JunitCase[];
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64) (strconv/ftoa.go): the shortest digits that round-trip; %e
 * when the decimal exponent is < -4 or >= 6 (eprec is 6 for the shortest form), else %f.
 */
export function goFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  const sign = value < 0 ? "-" : "";
  const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const exp = Number(exponentText);
  const digits = mantissa.replace(".", "");
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** encoding/xml escaping (EscapeText / EscapeString): quotes, apostrophes, &, <, >, tab, newline, CR. */
export function goXmlEscape(text: string): string {
  let out = "";
  for (const char of text) {
    switch (char) {
      case '"':
        out += "&#34;";
        break;
      case "'":
        out += "&#39;";
        break;
      case "&":
        out += "&amp;";
        break;
      case "<":
        out += "&lt;";
        break;
      case ">":
        out += "&gt;";
        break;
      case "\t":
        out += "&#x9;";
        break;
      case "\n":
        out += "&#xA;";
        break;
      case "\r":
        out += "&#xD;";
        break;
      default: {
        const code = char.codePointAt(0) ?? 0;
        // Characters outside XML's Char production become U+FFFD.
        const valid =
          code === 0x9 ||
          code === 0xa ||
          code === 0xd ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) ||
          (code >= 0x10000 && code <= 0x10ffff);
        out += valid ? char : "\uFFFD";
      }
    }
  }
  return out;
}

interface Element {
  name: string;
  attrs: [string, string][];
  children: Element[];
  text?: string;
}

/** Go's printer with Indent(prefix "  ", indent "    "). */
function render(element: Element, depth: number, lines: { out: string; first: boolean }): void {
  const indent = (d: number) => `\n${"  "}${"    ".repeat(d)}`;
  lines.out += lines.first ? `  ${"    ".repeat(depth)}` : indent(depth);
  lines.first = false;
  lines.out += `<${element.name}${element.attrs.map(([k, v]) => ` ${k}="${goXmlEscape(v)}"`).join("")}>`;
  if (element.text !== undefined) lines.out += goXmlEscape(element.text);
  for (const child of element.children) render(child, depth + 1, lines);
  if (element.children.length > 0) lines.out += indent(depth);
  lines.out += `</${element.name}>`;
}

export function junitXml(suite: JunitSuite): string {
  const tests = suite.cases.length;
  const failures = suite.cases.filter((c) => c.status === "failed").length;
  const skipped = suite.cases.filter((c) => c.status === "skipped").length;
  const time = suite.cases.reduce((sum, c) => sum + c.time, 0);
  const cases: Element[] = suite.cases.map((c) => {
    const children: Element[] = [];
    if (c.status === "skipped")
      children.push({ name: "skipped", attrs: [["message", `${c.name} skipped`]], children: [] });
    if (c.failure) {
      children.push({
        name: "failure",
        attrs: [
          ["message", c.failure.message],
          ...c.failure.failureMessages.map((m): [string, string] => ["failureMessage", m]),
          ["type", "failure"],
        ],
        children: [],
        text: c.failure.text,
      });
    }
    return {
      name: "testcase",
      attrs: [
        ["name", c.name],
        ["classname", "connectivity test"],
        ["status", c.status],
        ["time", goFloat(c.time)],
      ],
      children,
    };
  });
  const testsuite: Element = {
    name: "testsuite",
    attrs: [
      ["name", "connectivity test"],
      ["id", "0"],
      ["package", "cilium"],
      ["tests", String(tests)],
      ["errors", "0"],
      ["failures", String(failures)],
      ...(skipped > 0 ? ([["skipped", String(skipped)]] as [string, string][]) : []),
      ["time", goFloat(time)],
      ["timestamp", suite.timestamp],
    ],
    children: [
      {
        name: "properties",
        attrs: [],
        children: [
          {
            name: "property",
            attrs: [
              ["name", "Args"],
              ["value", suite.args.join("|")],
            ],
            children: [],
          },
        ],
      },
      ...cases,
    ],
  };
  const root: Element = {
    name: "testsuites",
    attrs: [
      ["tests", String(tests)],
      ["disabled", String(skipped)],
      ["errors", "0"],
      ["failures", String(failures)],
      ["time", goFloat(time)],
    ],
    children: [testsuite],
  };
  const lines = { out: "", first: true };
  render(root, 0, lines);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${lines.out}`;
}

/** time.Time.Format(time.RFC3339) in the process's zone (UTC unless TZ says otherwise). */
export function rfc3339(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000);
  const base = local.toISOString().slice(0, 19);
  if (offset === 0) return `${base}Z`;
  const sign = offset > 0 ? "+" : "-";
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  return `${base}${sign}${hours}:${minutes}`;
}
