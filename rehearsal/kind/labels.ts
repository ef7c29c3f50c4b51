// The labels kind puts on node containers (kubernetes-sigs/kind v0.31.0
// pkg/cluster/internal/providers/docker/constants.go) and the double's own, so leftovers of a
// rehearsal can be found by label and never confused with someone else's containers.

export const CLUSTER_LABEL = "io.x-k8s.kind.cluster";
export const ROLE_LABEL = "io.x-k8s.kind.role";
export const REHEARSAL_LABEL = "io.cilium-conformance/rehearsal";
/** The port the API server listens on inside the control-plane container (kind's APIServerInternalPort). */
export const API_SERVER_INTERNAL_PORT = 6443;
/** Where the project is mounted read-only in every node container (rehearsal/README.md). */
export const PROJECT_MOUNT = "/opt/cc";
