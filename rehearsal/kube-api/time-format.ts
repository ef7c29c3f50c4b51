// metav1.Time and metav1.MicroTime on the wire (k8s.io/apimachinery pkg/apis/meta/v1/time.go,
// micro_time.go): Time parses RFC 3339 (a fraction is accepted) and is written back in UTC whole
// seconds; MicroTime is parsed with the layout 2006-01-02T15:04:05.000000Z07:00 — exactly six
// fractional digits, anything else fails to decode (400) — and written in UTC with six digits.

import { isObject } from "./schema/schema.ts";
import type { TypeNode } from "./types/type-node.ts";

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/;
const RFC3339_MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;

/** `2026-03-02T10:00:00Z` (Time). */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2026-03-02T10:00:00.123456Z` (MicroTime; JS dates have milliseconds, so the last three are 0). */
export function formatMicroTime(date: Date, extraMicros = 0): string {
  const micros = String(date.getUTCMilliseconds() * 1000 + extraMicros).padStart(6, "0");
  return `${date.toISOString().slice(0, 19)}.${micros}Z`;
}

export class TimeDecodeError extends Error {
  override name = "TimeDecodeError";
}

/**
 * Normalises every Time / MicroTime string of `value` (typed by `type`) in place, as a decode and
 * re-encode would; throws TimeDecodeError for one the server could not decode.
 */
export function normalizeTimes(value: unknown, type: TypeNode | undefined): void {
  if (!type || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (type.shape === "list") for (const item of value) normalizeTimes(item, type.items());
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childType = type.field(key);
    if (!childType) continue;
    if (typeof child === "string" && childType.format) {
      value[key] = normalizeOne(child, childType.format);
    } else {
      normalizeTimes(child, childType);
    }
  }
}

function normalizeOne(text: string, format: string): string {
  if (format === "date-time-micro") {
    if (!RFC3339_MICRO.test(text)) {
      throw new TimeDecodeError(
        `parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${JSON.stringify(text.slice(19))} as ".000000"`,
      );
    }
    const date = new Date(text);
    const micros = text.slice(20, 26);
    return `${date.toISOString().slice(0, 19)}.${micros}Z`;
  }
  if (!RFC3339.test(text)) {
    throw new TimeDecodeError(
      `parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse`,
    );
  }
  return formatTime(new Date(text));
}
