// Which buffered flows a GetFlows request returns (pkg/hubble/observer/local_observer.go,
// newRingReader + eventsReader): `first` without `since` reads from the oldest; otherwise the
// reader rewinds from the newest until it has `number` matching flows or meets one older than
// `since` (since wins over number; number 0 rewinds the whole buffer), then reads forward,
// skipping flows before `since`, ending at the first after `until`, at most `number` of them.
// `follow` then continues with new flows (handled by the server).

import { compileFlowFilters } from "./flow-filter.ts";
import { compareTimestamps, type Flow, type GetFlowsRequest } from "./flow-types.ts";

export class FlowRequestError extends Error {
  override readonly name = "FlowRequestError";
}

export function readFlows(buffer: readonly Flow[], request: GetFlowsRequest): Flow[] {
  if (request.first && request.follow) throw new FlowRequestError("first cannot be specified with follow");
  const matches = compileFlowFilters(request.whitelist, request.blacklist);
  const number = Number(request.number ?? 0);
  const { since, until } = request;

  let start: number;
  if (request.first && !since) start = 0;
  else if (request.follow && number === 0 && !since) return [];
  else {
    start = buffer.length;
    let count = 0;
    for (let i = buffer.length - 1; i >= 0; i -= 1) {
      const flow = buffer[i]!;
      if (!matches(flow)) {
        start = i;
        continue;
      }
      if (since && compareTimestamps(flow.time, since) < 0) break;
      start = i;
      count += 1;
      if (!since && count === number) break;
    }
  }

  const out: Flow[] = [];
  for (let i = start; i < buffer.length; i += 1) {
    if (!request.follow && number > 0 && out.length >= number) break;
    const flow = buffer[i]!;
    if (until && compareTimestamps(flow.time, until) > 0) break;
    if (since && compareTimestamps(flow.time, since) < 0) continue;
    if (!matches(flow)) continue;
    out.push(flow);
  }
  return out;
}

/** Whether a flow arriving while following passes the request's filters and window. */
export function followMatcher(request: GetFlowsRequest): (flow: Flow) => boolean {
  const matches = compileFlowFilters(request.whitelist, request.blacklist);
  return (flow) => {
    if (request.until && compareTimestamps(flow.time, request.until) > 0) return false;
    if (request.since && compareTimestamps(flow.time, request.since) < 0) return false;
    return matches(flow);
  };
}
