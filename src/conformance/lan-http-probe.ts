// The suites' HTTP probe: requests go only to addresses on the run's LAN docker network, so an LB
// address outside it fails its case with the reason instead of leaving this machine
// (src/probes/probe-target-guard.ts). The run context is read per request: suites create the
// probe at load time, before `up`'s context is known.

import type { RunContext } from "../cluster/run-context.ts";
import { createHttpProbe, type HttpProbe } from "../probes/http-probe.ts";

export function lanHttpProbe(run: () => RunContext): HttpProbe {
  return createHttpProbe({ onlyInside: () => [run().network.subnet] });
}
