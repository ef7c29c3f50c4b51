// The agent's REST API socket (pkg/defaults SockPath) and the one call the double serves on it:
// GET /v1/healthz → StatusResponse (api/v1/openapi.yaml, operation GetHealthz).

export const AGENT_SOCKET_PATH = "/var/run/cilium/cilium.sock";
export const HEALTHZ_PATH = "/v1/healthz";
export const ENDPOINT_PATH = "/v1/endpoint";
