/**
 * The answer of a decision function: whether the object is in the wanted state, what was seen
 * (one line for a wait's timeout message, e.g.
 * `condition cilium.io/IPAMRequestSatisfied=False reason=no_pool`), and what was found.
 */
export interface Verdict<T = undefined> {
  ok: boolean;
  seen: string;
  value?: T;
}

export function pass<T>(seen: string, value?: T): Verdict<T> {
  return value === undefined ? { ok: true, seen } : { ok: true, seen, value };
}

export function fail<T = undefined>(seen: string, value?: T): Verdict<T> {
  return value === undefined ? { ok: false, seen } : { ok: false, seen, value };
}
