// The HTTP continuous probe (src/probes/http-continuous.ts) as a DisruptionProbe: started before
// the upgrade, aborted and measured after it.

import { runContinuous } from "../../probes/http-continuous.ts";
import type { HttpExpectation } from "../../probes/http-expectation.ts";
import type { HttpObservation, HttpTarget } from "../../probes/http-observation.ts";
import type { HttpProbe } from "../../probes/http-probe.ts";
import type { Clock } from "../../wait/clock.ts";
import { type DisruptionProbe, measureFromHttp } from "./disruption-probe.ts";

export interface HttpDisruptionOptions {
  name: string;
  target: HttpTarget;
  expected: HttpExpectation;
  intervalMs?: number;
  clock?: Clock;
}

export function startHttpDisruptionProbe(probe: HttpProbe, options: HttpDisruptionOptions): DisruptionProbe {
  const controller = new AbortController();
  const running = runContinuous(probe, options.target, options.expected, {
    signal: controller.signal,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    name: options.name,
    async stop() {
      controller.abort();
      const report = await running;
      return measureFromHttp(options.name, options.target.url, report);
    },
  };
}

/**
 * For a data-path liveness check through a Gateway whose routes may have no backend yet: any
 * answer below 500 (a 404 for an unrouted path included) proves Envoy and the LB IP work, so it
 * counts as the expected 200; a 5xx or no answer is disruption. The real status stays in errors.
 */
export function answeredBelow500(probe: HttpProbe): HttpProbe {
  return {
    close: () => probe.close(),
    ...(probe.assertTarget ? { assertTarget: (url: string) => probe.assertTarget?.(url) } : {}),
    async send(target, signal): Promise<HttpObservation> {
      const observation = await probe.send(target, signal);
      return observation.status !== undefined && observation.status < 500
        ? { ...observation, status: 200 }
        : observation;
    },
  };
}
