// A continuous HTTP probe double for the in-place sequence: it "sends" a request every interval of
// a manual clock and asks a scripted world whether the path answered at that moment. Its samples
// go through the real disruption accounting (summariseDisruption → measureFromHttp).

import { type ContinuousSample, summariseDisruption } from "../../../src/probes/http-disruption.ts";
import { type DisruptionProbe, measureFromHttp } from "../../../src/upgrade/in-place/disruption-probe.ts";
import type { Clock } from "../../../src/wait/clock.ts";

export interface ScriptedWorld {
  /** Whether the data path answers at time `atMs` of the clock. */
  up(atMs: number): boolean;
}

export function fakeHttpProbe(
  name: string,
  clock: Clock,
  world: ScriptedWorld,
  intervalMs = 200,
): DisruptionProbe {
  const startedAt = clock.now();
  return {
    name,
    async stop() {
      const samples: ContinuousSample[] = [];
      for (let at = startedAt; at <= clock.now(); at += intervalMs) {
        const ok = world.up(at);
        samples.push({
          atMs: at - startedAt,
          doneMs: at - startedAt,
          ok,
          ...(ok ? {} : { detail: "no response: ECONNREFUSED" }),
        });
      }
      return measureFromHttp(name, "http://192.168.5.30/", summariseDisruption(samples));
    },
  };
}

/** Down between `fromMs` and `toMs` (clock time), up otherwise. */
export function outage(fromMs: number, toMs: number): ScriptedWorld {
  return { up: (at) => at < fromMs || at >= toMs };
}
