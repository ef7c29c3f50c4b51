// The text of a failed connectivity testcase lists one failed action per line, written by
// cilium-cli's Action.String(): `<test>/<scenario>:<action>: <peers>` (peers optional), e.g.
// `no-policies/pod-to-service:curl-1: cilium-test-1/client-… (10.244.1.5) -> cilium-test-1/echo-same-node (…)`.
// Generic actions have no peers, and check-log-errors names its actions
// `<cluster>/<namespace>/<pod> (<container>)` — with a space — under the scenario
// `no-errors-in-logs` or `no-errors-in-logs:<package>` (cilium-cli v0.19.7, vendored
// cilium/cilium-cli/connectivity/tests/errors.go: Run's NewGenericAction id, Name()).

export interface FailedAction {
  test: string;
  scenario: string;
  action: string;
  /** `source -> destination` as cilium-cli printed it, if present. */
  peers: string | undefined;
}

export interface FailedActionList {
  actions: FailedAction[];
  /** Lines that are not actions (messages from a test-level failure, log noise). */
  otherLines: string[];
}

export function parseFailedActions(text: string): FailedActionList {
  const actions: FailedAction[] = [];
  const otherLines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const action = parseActionLine(line);
    if (action) actions.push(action);
    else otherLines.push(line);
  }
  return { actions, otherLines };
}

/** An action name: one word, optionally followed by ` (<container>)` (check-log-errors). */
const ACTION_NAME = /^\S+( \([^()\s]+\))?$/;

/** One action line, or undefined when the line has another shape. */
export function parseActionLine(line: string): FailedAction | undefined {
  const slash = line.indexOf("/");
  if (slash <= 0) return undefined;
  const test = line.slice(0, slash);
  if (!/^[\w.-]+$/.test(test)) return undefined;
  const rest = line.slice(slash + 1);
  // Peers follow the first ": "; scenario and action are split at the last ":" before it, since
  // older scenario names carry a ":" themselves (`pod-to-world:name`).
  const peersAt = rest.indexOf(": ");
  const head = peersAt < 0 ? rest : rest.slice(0, peersAt);
  const peers = peersAt < 0 ? undefined : rest.slice(peersAt + 2).trim() || undefined;
  const colon = head.lastIndexOf(":");
  if (colon <= 0 || colon === head.length - 1) return undefined;
  const scenario = head.slice(0, colon);
  const action = head.slice(colon + 1);
  if (/\s/.test(scenario) || !ACTION_NAME.test(action)) return undefined;
  return { test, scenario, action, peers };
}
