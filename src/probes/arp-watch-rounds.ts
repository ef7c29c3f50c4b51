// The pure core of ARP watch mode: a reducer over timestamped events (probe rounds, and marks
// such as "paused the holder") and a summary of what the L2 failover test needs to know:
// each change of the answering MAC set, how long the address went unanswered, when two MACs
// answered at once, and how long after a change (or a mark) the next holder answered.
//
// Times are milliseconds since the watch started. A round is one ARP probe: a burst (a few probes
// and one listen window, about half a second with docker exec; arp-burst-command.ts), or on an old
// iputils that stops reading at the first reply to its last probe one arping run of two probes a
// second apart (arp-arping-command.ts). A round's time is when it started (ArpWatch: before its
// docker exec, so the first probe goes out an exec's start later: ~0.1 s idle, up to ~0.9 s
// measured at a load average of 33); a gap runs from the first silent round to the next answered
// one, so every figure is exact to one round.

export interface ArpRoundEvent {
  type: "round";
  atMs: number;
  /** MACs that claimed the address in this round (any case; normalised here). */
  macs: readonly string[];
  /** Probes the round sent (default 1). */
  probes?: number;
}

export interface ArpMarkEvent {
  type: "mark";
  atMs: number;
  label: string;
}

export type ArpWatchEvent = ArpRoundEvent | ArpMarkEvent;

export interface ArpChange {
  atMs: number;
  from: string[];
  to: string[];
  /**
   * For a change to a new non-empty set: time since the last round the previous holders answered
   * (the "time to first answer" of the new holder). Undefined for the first answer ever.
   */
  sinceLastAnswerMs?: number;
}

export interface ArpGap {
  /** First silent round. */
  fromMs: number;
  /** Next answered round; undefined while the address is still silent. */
  toMs: number | undefined;
  durationMs: number;
  /** Last round that had an answer before the silence; undefined when it never answered. */
  lastAnswerMs: number | undefined;
}

export interface ArpOverlap {
  fromMs: number;
  /** Last round in which several MACs answered. */
  toMs: number;
  macs: string[];
  rounds: number;
}

export interface ArpMark {
  label: string;
  atMs: number;
  /** The set that answered last before the mark. */
  answeringAtMark: string[];
  /** First answered round at or after the mark, relative to it. */
  firstAnswerAfterMs?: number;
  /** First round after the mark answered by a set other than `answeringAtMark`, relative to it. */
  firstNewAnswerAfterMs?: number;
  /** That new set. */
  newMacs?: string[];
}

export interface ArpWatchState {
  rounds: number;
  /** Probes sent over all rounds. */
  probes: number;
  answeredRounds: number;
  firstAtMs: number | undefined;
  lastAtMs: number | undefined;
  /** Set that answered the first round. */
  initial: string[] | undefined;
  /** Set that answered the latest round (empty when silent). */
  current: string[];
  lastAnswered: { atMs: number; macs: string[] } | undefined;
  changes: ArpChange[];
  gaps: ArpGap[];
  openGap: { fromMs: number; lastAnswerMs: number | undefined } | undefined;
  overlaps: ArpOverlap[];
  openOverlap: ArpOverlap | undefined;
  marks: ArpMark[];
}

export function initialArpWatchState(): ArpWatchState {
  return {
    rounds: 0,
    probes: 0,
    answeredRounds: 0,
    firstAtMs: undefined,
    lastAtMs: undefined,
    initial: undefined,
    current: [],
    lastAnswered: undefined,
    changes: [],
    gaps: [],
    openGap: undefined,
    overlaps: [],
    openOverlap: undefined,
    marks: [],
  };
}

/** Returns a new state; the input is not changed. */
export function reduceArpWatch(state: ArpWatchState, event: ArpWatchEvent): ArpWatchState {
  if (event.type === "mark") {
    const mark: ArpMark = {
      label: event.label,
      atMs: event.atMs,
      answeringAtMark: state.lastAnswered?.macs ?? [],
    };
    return { ...state, marks: [...state.marks, mark] };
  }
  const macs = normaliseSet(event.macs);
  const at = event.atMs;
  const next: ArpWatchState = {
    ...state,
    rounds: state.rounds + 1,
    probes: state.probes + (event.probes ?? 1),
    answeredRounds: state.answeredRounds + (macs.length > 0 ? 1 : 0),
    firstAtMs: state.firstAtMs ?? at,
    lastAtMs: at,
    initial: state.initial ?? macs,
    current: macs,
    marks: state.marks.map((mark) => updateMark(mark, at, macs)),
  };
  if (state.rounds > 0 && !sameSet(state.current, macs)) {
    const change: ArpChange = { atMs: at, from: state.current, to: macs };
    if (macs.length > 0 && state.lastAnswered && !sameSet(state.lastAnswered.macs, macs)) {
      change.sinceLastAnswerMs = at - state.lastAnswered.atMs;
    }
    next.changes = [...state.changes, change];
  }
  if (macs.length === 0) {
    next.openGap = state.openGap ?? { fromMs: at, lastAnswerMs: state.lastAnswered?.atMs };
  } else {
    if (state.openGap) {
      const gap: ArpGap = { ...state.openGap, toMs: at, durationMs: at - state.openGap.fromMs };
      next.gaps = [...state.gaps, gap];
      next.openGap = undefined;
    }
    next.lastAnswered = { atMs: at, macs };
  }
  if (macs.length >= 2) {
    const open = state.openOverlap;
    next.openOverlap = open
      ? { ...open, toMs: at, macs: normaliseSet([...open.macs, ...macs]), rounds: open.rounds + 1 }
      : { fromMs: at, toMs: at, macs, rounds: 1 };
  } else if (state.openOverlap) {
    next.overlaps = [...state.overlaps, state.openOverlap];
    next.openOverlap = undefined;
  }
  return next;
}

export interface ArpWatchSummary {
  rounds: number;
  /** Probes over all rounds: `probes / rounds` is 2 on an old iputils, 1 otherwise. */
  probes: number;
  answeredRounds: number;
  /** From the first to the last round. */
  spanMs: number;
  initial: string[];
  current: string[];
  changes: ArpChange[];
  /** Closed gaps, then the open one (if the address is silent now) closed at the last round. */
  gaps: (ArpGap & { open: boolean })[];
  longestGap: (ArpGap & { open: boolean }) | undefined;
  overlaps: ArpOverlap[];
  marks: ArpMark[];
}

export function summarizeArpWatch(state: ArpWatchState): ArpWatchSummary {
  const last = state.lastAtMs ?? 0;
  const gaps = state.gaps.map((gap) => ({ ...gap, open: false }));
  if (state.openGap) {
    gaps.push({ ...state.openGap, toMs: undefined, durationMs: last - state.openGap.fromMs, open: true });
  }
  const longestGap = gaps.reduce<(typeof gaps)[number] | undefined>(
    (longest, gap) => (longest === undefined || gap.durationMs > longest.durationMs ? gap : longest),
    undefined,
  );
  return {
    rounds: state.rounds,
    probes: state.probes,
    answeredRounds: state.answeredRounds,
    spanMs: state.firstAtMs === undefined ? 0 : last - state.firstAtMs,
    initial: state.initial ?? [],
    current: state.current,
    changes: state.changes,
    gaps,
    longestGap,
    overlaps: state.openOverlap ? [...state.overlaps, state.openOverlap] : state.overlaps,
    marks: state.marks,
  };
}

function updateMark(mark: ArpMark, at: number, macs: string[]): ArpMark {
  if (at < mark.atMs || macs.length === 0) return mark;
  const updated = { ...mark };
  updated.firstAnswerAfterMs ??= at - mark.atMs;
  if (updated.firstNewAnswerAfterMs === undefined && !sameSet(macs, mark.answeringAtMark)) {
    updated.firstNewAnswerAfterMs = at - mark.atMs;
    updated.newMacs = macs;
  }
  return updated;
}

function normaliseSet(macs: readonly string[]): string[] {
  return [...new Set(macs.map((mac) => mac.toLowerCase()))].sort();
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((mac, index) => mac === b[index]);
}
