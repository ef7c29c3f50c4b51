// Reads what `arping` printed, for both implementations a LAN client image may carry:
//
//   iputils  `Unicast reply from 10.0.0.5 [02:42:0A:D5:07:03]  0.611ms`   (upper-case, %02X)
//            `Sent 3 probes (3 broadcast(s))` / `Received 0 response(s)`
//   BusyBox  `Unicast reply from 10.0.0.5 [02:42:0a:d5:07:03] 0.010ms`    (1.35: lower-case)
//            `Sent 3 probe(s) (0 broadcast(s))` / `Received 6 response(s) (0 request(s), ...)`
//            older builds: `Received 2 replies`, and glibc's ether_ntoa drops leading zeros
//            (`[2:42:a:d5:7:3]`).
//
// Exit codes differ between the two (and iputils' depends on -w), so callers trust the parsed
// reply lines; the summary lines only prove that arping ran to its end.

export type ArpingPacketKind = "reply" | "request";

export interface ArpingReplyLine {
  /** Sender IP of the packet (the address that was asked for, when arping accepted it). */
  ip: string;
  /** Sender MAC, lower-case, two hex digits per octet. */
  mac: string;
  kind: ArpingPacketKind;
  /** `Unicast` (to us) or `Broadcast`. */
  delivery: "unicast" | "broadcast";
  /** Time since the probe that preceded it; undefined for `UNSOLICITED?`. */
  latencyMs: number | undefined;
  /** 1-based line number in the output, for messages. */
  line: number;
}

export interface ParsedArpingOutput {
  /** From `ARPING <target> from <source> <iface>`; undefined when the header is missing. */
  target: string | undefined;
  source: string | undefined;
  interfaceName: string | undefined;
  replies: ArpingReplyLine[];
  /** From the `Sent N probe(s)` summary line. */
  sent: number | undefined;
  /** From the `Received N response(s)` / `Received N replies` summary line. */
  received: number | undefined;
  /** Header and both summary lines seen: arping started and ran to its end. */
  complete: boolean;
}

const HEADER = /^ARPING\s+(\S+)(?:\s+from\s+(\S+)(?:\s+(\S+))?)?\s*$/;
const PACKET =
  /^(Unicast|Broadcast)\s+(reply|request)\s+from\s+(\d{1,3}(?:\.\d{1,3}){3})\s+\[([0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5})\](.*)$/;
const LATENCY = /(\d+(?:\.\d+)?)\s*ms\s*$/;
const SENT = /^Sent\s+(\d+)\s+probes?(?:\(s\))?\b/;
const RECEIVED = /^Received\s+(\d+)\s+(?:response\(s\)|responses?|repl(?:y|ies))\b/;

export function parseArpingOutput(text: string): ParsedArpingOutput {
  const parsed: ParsedArpingOutput = {
    target: undefined,
    source: undefined,
    interfaceName: undefined,
    replies: [],
    sent: undefined,
    received: undefined,
    complete: false,
  };
  let headerSeen = false;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const header = HEADER.exec(line);
    if (header && !headerSeen) {
      headerSeen = true;
      parsed.target = header[1];
      parsed.source = header[2];
      parsed.interfaceName = header[3];
      continue;
    }
    const packet = PACKET.exec(line);
    if (packet) {
      const mac = normalizeMac(packet[4] ?? "");
      if (mac === undefined) continue;
      const latency = LATENCY.exec(packet[5] ?? "");
      parsed.replies.push({
        ip: packet[3] ?? "",
        mac,
        kind: packet[2] === "request" ? "request" : "reply",
        delivery: packet[1] === "Broadcast" ? "broadcast" : "unicast",
        latencyMs: latency ? Number(latency[1]) : undefined,
        line: index + 1,
      });
      continue;
    }
    const sent = SENT.exec(line);
    if (sent) {
      parsed.sent = Number(sent[1]);
      continue;
    }
    const received = RECEIVED.exec(line);
    if (received) parsed.received = Number(received[1]);
  }
  parsed.complete = headerSeen && parsed.sent !== undefined && parsed.received !== undefined;
  return parsed;
}

/**
 * `02:42:0A:d5:7:3` → `02:42:0a:d5:07:03`: lower-case, two digits per octet, as the node
 * inventory stores MACs. Undefined when it is not six octets.
 */
export function normalizeMac(text: string): string | undefined {
  const octets = text.trim().split(/[:-]/);
  if (octets.length !== 6 || octets.some((octet) => !/^[0-9A-Fa-f]{1,2}$/.test(octet))) return undefined;
  return octets.map((octet) => octet.toLowerCase().padStart(2, "0")).join(":");
}
