// Docker and Kubernetes labels on everything the harness creates, so that `down` finds (and only
// finds) its own leftovers, even after the process died.

/** The run an object belongs to (`reports/<run-id>`). */
export const RUN_ID_LABEL = "io.cilium-conformance/run-id";
/** `"true"` on every harness object: what `down --all` removes. */
export const MANAGED_LABEL = "io.cilium-conformance/managed";
/** What the object is for within a run (e.g. the LAN client). */
export const ROLE_LABEL = "io.cilium-conformance/role";
