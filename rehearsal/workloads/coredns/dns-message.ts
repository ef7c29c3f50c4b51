// The DNS wire format (RFC 1035 §4) as far as a cluster DNS server needs it: parse a query's
// header and questions; write an answer with A, PTR, SRV and SOA records (names uncompressed,
// which every resolver accepts).

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, AAAA: 28, SRV: 33, ANY: 255 } as const;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface Query {
  id: number;
  flags: number;
  questions: Question[];
}

export type RecordData =
  | { type: typeof TYPE.A; address: string }
  | { type: typeof TYPE.PTR; target: string }
  | { type: typeof TYPE.SRV; priority: number; weight: number; port: number; target: string }
  | {
      type: typeof TYPE.SOA;
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    };

export interface ResourceRecord {
  name: string;
  ttl: number;
  data: RecordData;
}

function readName(buffer: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let offset = start;
  let end = -1;
  for (let hops = 0; hops < 64; hops += 1) {
    const length = buffer[offset] ?? 0;
    if ((length & 0xc0) === 0xc0) {
      if (end < 0) end = offset + 2;
      offset = ((length & 0x3f) << 8) | (buffer[offset + 1] ?? 0);
      continue;
    }
    if (length === 0) {
      if (end < 0) end = offset + 1;
      return { name: labels.join(".").toLowerCase(), end };
    }
    labels.push(buffer.toString("ascii", offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  throw new Error("name compression loop");
}

export function parseQuery(buffer: Buffer): Query {
  if (buffer.length < 12) throw new Error("short DNS message");
  const count = buffer.readUInt16BE(4);
  const questions: Question[] = [];
  let offset = 12;
  for (let i = 0; i < count; i += 1) {
    const { name, end } = readName(buffer, offset);
    questions.push({ name, type: buffer.readUInt16BE(end), class: buffer.readUInt16BE(end + 2) });
    offset = end + 4;
  }
  return { id: buffer.readUInt16BE(0), flags: buffer.readUInt16BE(2), questions };
}

function writeName(name: string): Buffer {
  const parts = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([
    ...parts.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, "ascii")])),
    Buffer.from([0]),
  ]);
}

function rdata(data: RecordData): Buffer {
  switch (data.type) {
    case TYPE.A:
      return Buffer.from(data.address.split(".").map(Number));
    case TYPE.PTR:
      return writeName(data.target);
    case TYPE.SRV: {
      const head = Buffer.alloc(6);
      head.writeUInt16BE(data.priority, 0);
      head.writeUInt16BE(data.weight, 2);
      head.writeUInt16BE(data.port, 4);
      return Buffer.concat([head, writeName(data.target)]);
    }
    case TYPE.SOA: {
      const tail = Buffer.alloc(20);
      for (const [i, value] of [data.serial, data.refresh, data.retry, data.expire, data.minimum].entries()) {
        tail.writeUInt32BE(value, i * 4);
      }
      return Buffer.concat([writeName(data.mname), writeName(data.rname), tail]);
    }
  }
}

function record(rr: ResourceRecord): Buffer {
  const body = rdata(rr.data);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(rr.data.type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(rr.ttl, 4);
  fixed.writeUInt16BE(body.length, 8);
  return Buffer.concat([writeName(rr.name), fixed, body]);
}

export interface Answer {
  rcode: number;
  authoritative: boolean;
  answers: ResourceRecord[];
  authority: ResourceRecord[];
}

export function writeResponse(query: Query, answer: Answer): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.id, 0);
  const recursionDesired = query.flags & 0x0100;
  // QR=1, opcode copied, AA, RD copied, RA=1, rcode.
  const flags =
    0x8000 |
    (query.flags & 0x7800) |
    (answer.authoritative ? 0x0400 : 0) |
    recursionDesired |
    0x0080 |
    answer.rcode;
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(query.questions.length, 4);
  header.writeUInt16BE(answer.answers.length, 6);
  header.writeUInt16BE(answer.authority.length, 8);
  header.writeUInt16BE(0, 10);
  const questions = query.questions.map((q) => {
    const fixed = Buffer.alloc(4);
    fixed.writeUInt16BE(q.type, 0);
    fixed.writeUInt16BE(q.class, 2);
    return Buffer.concat([writeName(q.name), fixed]);
  });
  return Buffer.concat([
    header,
    ...questions,
    ...answer.answers.map(record),
    ...answer.authority.map(record),
  ]);
}
