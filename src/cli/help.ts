import type { Command } from "./command.ts";

export function renderCommandHelp(command: Command): string {
  const positionals = (command.positionals ?? [])
    .map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`))
    .join(" ");
  const lines = [
    `Usage: cilium-conformance ${command.name}${positionals ? ` ${positionals}` : ""} [options]`,
    "",
    command.summary,
  ];
  if (command.details) lines.push("", command.details.trimEnd());
  if (command.positionals?.length) {
    lines.push("", "Arguments:");
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
  }
  lines.push("", "Options:");
  const rows = [
    ...command.options,
    { name: "help", type: "boolean" as const, description: "show this help" },
  ];
  for (const option of rows) {
    const flag = `--${option.name}${option.type === "string" ? ` <${option.valueName ?? "value"}>` : ""}`;
    const extra = [
      option.choices ? `one of: ${option.choices.join(", ")}` : "",
      option.default !== undefined && option.default !== false ? `default: ${String(option.default)}` : "",
    ]
      .filter(Boolean)
      .join("; ");
    lines.push(`  ${flag.padEnd(30)} ${option.description}${extra ? ` (${extra})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderGeneralHelp(commands: readonly { name: string; summary: string }[]): string {
  const lines = [
    "cilium-conformance: prove a homelab's Cilium network works as its GitOps repo says.",
    "",
    "Usage: cilium-conformance <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    "",
    "Run `cilium-conformance <command> --help` for a command's options.",
    "Exit codes: 0 pass, 1 conformance failed, 2 bad input, 3 environment or provisioning failed.",
  ];
  return `${lines.join("\n")}\n`;
}
